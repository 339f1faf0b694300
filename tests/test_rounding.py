"""One rounding rule: a half rounds up (away from zero), as spreadsheets and the ministry's tables do."""

from __future__ import annotations

import json
from decimal import Decimal

from mdbudget.formats.cells import show
from mdbudget.reports.views import ratio, signed


def test_the_average_per_project_rounds_half_up(run) -> None:
    # 첨단바이오: 682 ÷ 80 = 8.525 → 8.53 (half to even gave 8.52).
    rows = json.loads(run("ratios", "--json").stdout)["rows"]
    assert next(r for r in rows if r["id"] == "advanced-bio")["average_allocation"] == 8.53
    assert "  첨단바이오                   80           20.0%                42.55                   8.53\n" in (
        run("ratios", env={"COLUMNS": "120"}).stdout
    )


def test_fractions_round_half_up_to_six_decimals() -> None:
    assert ratio(1, 320_000) == Decimal("0.000003")  # 0.000003125: below the half, down
    assert ratio(5, 2_000_000) == Decimal("0.000003")  # 0.0000025 → up
    assert ratio(-5, 2_000_000) == Decimal("-0.000003")  # away from zero


def test_percentages_and_multiples_shown_round_half_up() -> None:
    assert show(Decimal("0.0025"), "ratio") == "0.3%"
    assert show(Decimal("2.125"), "multiple") == "2.13×"
    assert signed(Decimal("0.0025"), "change_ratio") == "+0.3%"
    assert signed(Decimal("-0.0025"), "change_ratio") == "-0.3%"
