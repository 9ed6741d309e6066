"""The fields of kaluga's methodology.yaml beyond those every methodology has."""
from __future__ import annotations

from pydantic import Field

from generator.methods.spec import MethodologySpec, Number, Strict


class Amendment(Strict):
    """A value of the graph «amendment» of Таблица 5 and its points П2 (null: П2 does not apply)."""

    label: str
    points: Number | None


class RaisingRow(Strict):
    """A row of таблица 1.5.1: the factor for a number of requests Кз from `from` (to `to`)."""

    factor: Number
    from_: int = Field(alias="from")
    from_exclusive: bool = False
    to: int | None = None
    text: str


class RaisingFactor(Strict):
    title: str
    not_applied_above: Number  # Кпр above this, in percent: no factor (п. 3.3.4.3)
    rows: list[RaisingRow]


class KalugaSpec(MethodologySpec):
    minimum_requests: int  # п. 4.4 Порядка: fewer requests — no monitoring of the organ
    prebooking_minimum_requests: int  # п. 3.3.3.2 «в»: fewer requests — Dпз does not apply to the service
    channels: dict[str, str]  # feedback channels of Таблица 1: code → label
    epgu_channel: str  # the label of the federal portal's channel (Таблица 2)
    criteria: dict[str, str]  # criteria of Таблица 1: code → label
    amendments: dict[str, Amendment]
    raising_factor: RaisingFactor
