"""Dzerzhinsk, 2009/2012 (Положение о порядке оценки соответствия качества фактически предоставляемых
муниципальных услуг стандартам): conformity to the standards per organisation and quarter. The class is in
methodology.py; the sheets and their figures in sheets.py, the rating and deadlines in ranking.py, the survey
of recipients in survey.py, the checks in checks.py, the tables in inputs.py."""
from generator.methods.dzerzhinsk.methodology import Dzerzhinsk
from generator.methods.dzerzhinsk.ranking import (competition_ranks, inspection_deadline, missing_quarters,
                                                  publication_status, quarter_deadline, rank_mean_figure,
                                                  rank_sector, survey_deadline)
from generator.methods.dzerzhinsk.sheets import (complaints_figure, counting_sheet, found_violations,
                                                 quarter_violation, sheet_figures, sheet_id, sheet_label,
                                                 split_sheets, violation_conclusion)
from generator.methods.dzerzhinsk.survey import survey_detail, survey_quotes, survey_share_figure

__all__ = ["Dzerzhinsk", "competition_ranks", "complaints_figure", "counting_sheet", "found_violations",
           "inspection_deadline", "missing_quarters", "publication_status", "quarter_deadline",
           "quarter_violation", "rank_mean_figure", "rank_sector", "sheet_figures", "sheet_id", "sheet_label",
           "split_sheets", "survey_deadline", "survey_detail", "survey_quotes", "survey_share_figure",
           "violation_conclusion"]
