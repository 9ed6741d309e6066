"""Kaluga, 2025: the recommendations of an organ's report (раздел 6 отчёта, п. 4.1.3), from its weakest
indicators."""
from __future__ import annotations

from generator.methods.rows import Rows, ordered
from generator.results import Assessment


def _names(rows: Rows, limit: int = 5) -> str:
    names = [f"«{r['name']}»" for r in rows]
    extra = len(names) - limit
    return ", ".join(names[:limit]) + (f" и ещё {extra}" if extra > 0 else "")


def recommendations(organ: Assessment, channels: dict[str, str]) -> list[str]:
    """Concrete advice from the organ's weakest indicators, weakest first."""
    figures, requests = organ.figures, organ.detail["requests"]
    candidates: list[tuple[float, str]] = []

    def gap(code: str) -> float:
        value = figures[code].value if code in figures else None
        return 0.0 if value is None else 100 - value

    for code, figure in figures.items():
        if code.startswith("kud_") and figure.value is not None and figure.value < 80:
            candidates.append((100 - figure.value, (
                f"Проанализировать отзывы, полученные по каналу «{channels[code.removeprefix('kud_')]}», и "
                "устранить причины неудовлетворённости клиентов; развивать систему обратной связи (п. 4.1.3 «а»).")))
    not_converted = [r for r in requests if not (r["electronic"] or r["mfc"])]
    if not_converted:
        candidates.append((gap("d_u"), "Перевести в электронный вид или передать для предоставления в МФЦ "
                                       f"услуги: {_names(not_converted)}."))
    if figures["d_z"].value is not None and figures["d_z"].value < 40:
        candidates.append((100 - figures["d_z"].value, "Информировать заявителей о возможности подать заявление "
                                                        "через Портал госуслуг и МФЦ: доля таких заявлений ниже 40 %."))
    late = ordered([r for r in requests if r["late"] > 0], "late", descending=True, dtype="int64")
    if late:
        candidates.append((gap("d_mu") * 3, "Устранить нарушения сроков рассмотрения заявлений, прежде всего по "
                                            f"услугам: {_names(late, 3)}."))
    complained = ordered([r for r in requests if r["complaints"] > 0], "complaints", descending=True, dtype="int64")
    if complained and gap("d_zh") < 100:
        candidates.append((100 - gap("d_zh") + 1, "Разобрать причины жалоб и принять меры по их устранению "
                                                   f"(больше всего жалоб по услугам: {_names(complained, 3)})."))
    missing = [r for r in organ.detail["prebooking"] if r["exemption"] == "" and not r["prebooking"]]
    if missing:
        candidates.append((gap("d_pz"), f"Организовать предварительную запись на подачу документов по услугам: "
                                        f"{_names(missing)}."))
    unapproved = [r for r in requests if not r["regulation_approved"]]
    if unapproved:
        candidates.append((gap("d_ar"), f"Утвердить административные регламенты услуг: {_names(unapproved)}."))
    regulations = organ.detail["regulations"]
    non_compliant = [r for r in regulations if r["p1"] < 1]
    if non_compliant:
        candidates.append((gap("kkr"), "Привести административные регламенты в соответствие с действующим "
                                       f"законодательством: {_names(non_compliant)}."))
    slow = [r for r in regulations if r["amendment"] in ("с_опозданием", "не_внесены")]
    if slow:
        candidates.append((gap("kkr") / 2, "Вносить изменения в административные регламенты в течение месяца "
                                           f"после изменения законодательства: {_names(slow)}."))
    candidates.sort(key=lambda c: -c[0])
    advice = [text for _, text in candidates[:6]]
    return advice or ["Существенных резервов по показателям методики не выявлено: поддерживать достигнутый уровень "
                      "и продолжать сбор обратной связи (п. 4.1.3 «б»)."]
