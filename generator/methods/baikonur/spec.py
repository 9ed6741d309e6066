"""The fields of baikonur's methodology.yaml beyond those every methodology has."""
from __future__ import annotations

from generator.methods.spec import MethodologySpec, Strict


class Channel(Strict):
    """A kind of survey of п. 5.2 Порядка."""

    label: str  # as the organ's workbook writes it
    clause: str  # «п. 5.2.1»
    full: str  # as the act words it


class BaikonurSpec(MethodologySpec):
    channels: dict[str, Channel]
    criteria: dict[str, str]  # the federal criteria (приложение № 2): code → title
