"""Honest numbers: how far a survey figure can be trusted, whether a change is more than noise, and
which places a rating could give. Part of the compute stage; pure functions, exact values in and out
(Fractions in the figures' own units: shares in percent, scores on their scale).

- `intervals`: 95 % confidence intervals of survey figures — Wilson's for a share; Student's t for a
  mean of scores from the raw answers; without raw answers a conservative t-interval computed with
  the largest spread the scale allows; `scaled` carries an interval through a linear formula
  (Kaluga's Куд and Кэф); `standard_error` turns an interval into the spread the simulation uses.
- `changes`: is the change between two periods significant? A pooled z-test for two shares, Welch's
  t-test for two means, and the Russian words for the verdict («рост значим», «снижение значимо»,
  «изменение в пределах погрешности», «без изменений»).
- `places`: the range of places each subject could take, simulated from the figures and their
  standard errors with a fixed seed; the place the act defines is never changed, only accompanied.
- `funnel`: the control limits of a funnel plot (value against respondents) around the municipal
  mean, and which subjects fall outside them.
- `common`: the one rule turning float arithmetic back into exact figures, and the quantiles.

Administrative counts — requests received, answered on time, complaints — get no interval: they are
complete counts of everything that happened, not a sample of people asked, so there is no sampling
error to show. A figure mixing both (Kaluga's Кэф, half survey, half count) gets the interval of its
survey part only.
"""
