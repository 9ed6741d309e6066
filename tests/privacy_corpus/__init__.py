"""The labelled corpus of citizens' comments for the privacy tests and benchmark."""
