"""Kaluga, 2025 (Порядок и Методика проведения мониторинга, постановление от 10.11.2025 № 2182-пи):
Куд, Кпр and Кэф of each organ of the administration. The class is in methodology.py, the arithmetic
in figures.py, the tables in inputs.py, the act's scales and texts in methodology.yaml."""
from generator.methods.kaluga.figures import (EPGU, access_figures, channel_csi, efficiency_figure, epgu_csi,
                                              practice_figures, prebooking_exemption, prebooking_subject,
                                              raising_factor, regulation_figures, regulation_quality,
                                              satisfaction_coefficient, satisfaction_figures, standards_figures,
                                              standards_level)
from generator.methods.kaluga.methodology import Kaluga, feedback_rows, organ_summary, pain_map
from generator.methods.kaluga.recommendations import recommendations

__all__ = ["EPGU", "Kaluga", "access_figures", "channel_csi", "efficiency_figure", "epgu_csi", "feedback_rows",
           "organ_summary", "pain_map", "practice_figures", "prebooking_exemption", "prebooking_subject",
           "raising_factor", "recommendations", "regulation_figures", "regulation_quality",
           "satisfaction_coefficient", "satisfaction_figures", "standards_figures", "standards_level"]
