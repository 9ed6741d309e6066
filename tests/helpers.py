"""What the formula tests of every methodology share: a fixture computed once, and a lookup."""
from __future__ import annotations

from pathlib import Path

from generator.build import check
from generator.compute import compute
from generator.results import Assessment, Results

FIXTURES = Path(__file__).parent / "fixtures"


def computed(name: str, warnings: tuple[str, ...] = ()) -> Results:
    """tests/fixtures/<name> checked and computed; its warnings must be exactly `warnings` (codes)."""
    report, dataset = check(FIXTURES / name)
    assert report.ok, report.as_text()
    assert tuple(p.code for p in report.warnings) == warnings, report.as_text()
    return compute(dataset)


def assessment(results: Results, period: str, organization_id: str | None = None,
               service_id: str | None = None) -> Assessment:
    """The organ's assessment (no service_id) or the service's, in the period named `period`."""
    return next(a for a in results.assessments if a.period.name == period and a.service_id == service_id
                and (organization_id is None or a.organization.id == organization_id))
