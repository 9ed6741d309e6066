"""Ivanovo, 2015 (Порядок проведения мониторинга, сообщение от 23.04.2015): the share of satisfied applicants
per service, its average over socially significant services and its change; a news post per period. The
class and its arithmetic are in methodology.py, the tables in inputs.py (measures.yaml, every methodology's, in validate/measures.py)."""
from generator.methods.ivanovo.methodology import (Ivanovo, average_figure, direction, measures_of, overall_share,
                                                   quotes, share_figure)
from generator.survey.responses import period_bounds

__all__ = ["Ivanovo", "average_figure", "direction", "measures_of", "overall_share", "period_bounds", "quotes",
           "share_figure"]
