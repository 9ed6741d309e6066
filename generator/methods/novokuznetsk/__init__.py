"""Novokuznetsk district, 2013 (Программа проведения мониторинга, постановление от 07.10.2013 № 252): Соку of
a service at each point of service and its integrated score И. The class is in methodology.py, the arithmetic
in figures.py, the checks across tables in checks.py, the tables in inputs.py."""
from generator.methods.novokuznetsk.figures import (comparison_rows, condition_texts, document_names,
                                                    integrated_score, point_score, requirement_score,
                                                    satisfaction_score, surveyed_share, typed_share)
from generator.methods.novokuznetsk.methodology import Novokuznetsk, with_surveyed_shares

__all__ = ["Novokuznetsk", "comparison_rows", "condition_texts", "document_names", "integrated_score",
           "point_score", "requirement_score", "satisfaction_score", "surveyed_share", "typed_share",
           "with_surveyed_shares"]
