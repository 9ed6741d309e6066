"""The toolkit plugins use for respondents' answers and comments.

- `generator.survey.responses`: the table of raw answers (one row per respondent) — its schema for a
  methodology's own criteria and channels, the checks a schema cannot express, and the exact
  shares and means the methodologies compute from it;
- `generator.survey.privacy`: the scrubber that removes personal data from a comment before it is
  published (only comments whose author agreed and a person approved, generator/review.py).

Methodologies (generator/methods/, or a city's own plugin) import these; the pipeline's stages
before computation never do.
"""
