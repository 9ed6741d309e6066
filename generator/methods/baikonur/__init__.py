"""Baikonur, 2021 (Порядок организации проведения мониторинга, постановление от 13.04.2021 № 165): the
availability rating of services from the organs' surveys of applicants, and the generalised table per
service. The class and its arithmetic are in methodology.py, the tables in inputs.py."""
from generator.methods.baikonur.methodology import (Baikonur, criterion_mean, people_asked_figure,
                                                    proposals_by_organ, service_score, total_asked)

__all__ = ["Baikonur", "criterion_mean", "people_asked_figure", "proposals_by_organ", "service_score",
           "total_asked"]
