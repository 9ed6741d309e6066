"""Dzerzhinsk, 2009/2012: the survey of recipients (раздел V), published apart from the sheets' scores."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from generator.figures import share
from generator.methods.dzerzhinsk.inputs import SURVEY
from generator.survey.privacy import scrub
from generator.survey.responses import criterion_means, publishable, satisfied_share
from generator.results import Figure, Input
from generator.stats.intervals import wilson


def survey_share_figure(rows: pd.DataFrame, whose: str) -> Figure:
    """Ду = satisfied / respondents who rated the service as a whole × 100 (not evaluated without answers),
    with Wilson's interval: the respondents are a sample of the organisation's recipients."""
    rule = SURVEY.satisfied
    happy, total, _ = satisfied_share(rows, rule.criterion, rule.threshold)
    figure = share("survey_share", "Ду = Кудовл / Копр × 100 %",
                   Input("Кудовл", f"Получателей, оценивших качество услуги в целом на {rule.threshold} или 5 баллов",
                         happy),
                   Input("Копр", f"Ответивших на вопрос о качестве услуги в целом ({whose})", total),
                   f"анкет {whose} за квартал нет")
    return replace(figure, interval=wilson(happy, total)) if figure.evaluated else figure


def survey_detail(rows: pd.DataFrame, names: dict[str, str]) -> dict:
    """What the organisation's page prints: per service respondents, share and mean per question; quotes."""
    rule = SURVEY.satisfied
    services = []
    for service_id, part in rows.groupby("service_id", sort=True):
        happy, total, share = satisfied_share(part, rule.criterion, rule.threshold)
        services.append({"id": service_id, "name": names.get(service_id, service_id), "respondents": len(part),
                         "satisfied": happy, "rated": total, "share": share,
                         "means": criterion_means(part, SURVEY.criteria)})
    return {"respondents": len(rows), "services": services, "means": criterion_means(rows, SURVEY.criteria),
            "quotes": survey_quotes(rows, names)}


def survey_quotes(rows: pd.DataFrame, names: dict[str, str]) -> list[dict]:
    """Consented comments only, with personal data removed, in questionnaire order."""
    if rows.empty:
        return []
    chosen = rows[publishable(rows)].sort_values("respondent")
    return [{"text": scrub(r["comment"]), "service": names.get(r["service_id"], r["service_id"])}
            for r in chosen.to_dict("records")]
