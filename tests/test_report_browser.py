"""The report in a real browser: headless Chromium, offline, at a phone's and a desktop's width.

Needs the system's Chromium (Debian: apt-get install chromium), Playwright's
Python package (in the test extra; it drives that browser and never downloads
one) and axe-core (npm install --no-save --no-package-lock axe-core, in the
checkout). Without them these tests are skipped, saying which is missing; with
CI set, a missing one fails them instead, so CI never passes by skipping.
Screenshots go to $MDBUDGET_SCREENSHOTS when set (else the test's own folder).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

# As Debian's Chromium runs headless here: no sandbox (root), and no call home at start.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (390, 1280)


def missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"the browser tests must run in CI: {reason}")
    pytest.skip(reason)


def chromium() -> str | None:
    for name in (os.environ.get("MDBUDGET_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def axe_source() -> str | None:
    path = Path(os.environ.get("MDBUDGET_AXE") or ROOT / "node_modules" / "axe-core" / "axe.min.js")
    return path.read_text(encoding="utf-8") if path.is_file() else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium()
    if executable is None:
        missing("no Chromium installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright's Python package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=FLAGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report of the shipped budget in each language, written by the command as a user would."""
    from typer.testing import CliRunner

    from mdbudget.cli import app

    folder = tmp_path_factory.mktemp("report")
    written = {}
    for lang in ("ko", "en"):
        path = folder / f"report-{lang}.html"
        result = CliRunner().invoke(app, ["report", "--lang", lang, "--out", str(path), "--no-cache"])
        assert result.exit_code == 0, result.stderr
        written[lang] = path
    return written


class Visit:
    """A page opened offline, with every request it tried and everything it said on the console."""

    def __init__(self, browser: Any, path: Path, width: int, scheme: str = "light") -> None:
        self.context = browser.new_context(
            offline=True, viewport={"width": width, "height": 900}, color_scheme=scheme, java_script_enabled=True
        )
        self.requests: list[str] = []
        self.console: list[str] = []
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        self.url = path.as_uri()
        self.page.goto(self.url)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    opened: list[Visit] = []

    def _visit(path: Path, width: int = 1280, scheme: str = "light") -> Visit:
        opened.append(Visit(browser, path, width, scheme))
        return opened[-1]

    yield _visit
    for v in opened:
        v.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_page_asks_for_nothing_and_its_policy_refuses_nothing(visit, pages, lang) -> None:
    v = visit(pages[lang])
    assert v.requests == [v.url]  # the file itself, and no request besides
    assert v.console == []  # a style or script the policy refused would be reported here
    # The one stylesheet was allowed: the cards are laid out, not left as a plain list.
    assert v.page.evaluate("getComputedStyle(document.querySelector('.cards')).display") == "grid"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_horizontal_scroll_and_a_screenshot(visit, pages, lang, width, scheme, tmp_path) -> None:
    v = visit(pages[lang], width, scheme)
    scroll, client = v.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert (scroll, client) == (width, width)
    folder = Path(os.environ.get("MDBUDGET_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"report-{lang}-{width}-{scheme}.png"
    v.page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # Dark mode follows the system: the page's background is dark exactly when the system's is.
    background = v.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(20, 23, 27)") == (scheme == "dark")


CELLS = """() => [...document.querySelectorAll('[data-key]')].map(e => [
    e.closest('table') ? e.closest('table').id : '',
    e.closest('tr') ? (e.closest('tr').dataset.id || '') : '',
    e.dataset.key,
    e.innerText.trim()])"""


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "").rstrip("%×"))


def test_the_figures_a_reader_sees_are_the_json_export_s(visit, pages, run) -> None:
    v = visit(pages["en"], 390)
    shown = {(table, row, key): text for table, row, key, text in v.page.evaluate(CELLS)}
    data = json.loads(run("export").stdout)
    t = data["total"]
    for key in ("allocation", "total", "projects", "continuing_projects", "new_projects"):
        assert amount(shown[("", "", key)]) == t[key], key
    assert amount(shown[("", "", "baseline_allocation")]) == t["growth"]["baseline_allocation"]
    assert amount(shown[("", "", "change")]) == t["growth"]["change"]
    for row in data["shares"]["rows"]:
        assert amount(shown[("shares-table", row["id"], "allocation")]) == row["allocation"]
        assert shown[("shares-table", row["id"], "share")] == f"{Decimal(str(row['share'])) * 100:.1f}%"
    for row in data["ratios"]["rows"]:
        for key in ("projects", "total", "allocation"):
            assert amount(shown[("fields-table", row["id"], key)]) == row[key]
    for row in data["project"]:
        assert amount(shown[("projects-table", row["id"], "total")]) == row["total"]
    # The verdict as `check` words it (the shipped budget's accepted warnings counted too).
    assert shown[("", "", "check")] == run("check", "--lang", "en").stdout.rstrip("\n").splitlines()[-1]
    # The chart says the same as the table beside it.
    labels = v.page.evaluate(
        "[...document.querySelectorAll('[aria-labelledby=shares] .mark text')].map(t => t.textContent)"
    )
    assert len(labels) == len(data["shares"]["rows"])
    first = data["shares"]["rows"][0]
    assert labels[0] == f"{first['name_en']} * {Decimal(str(first['share'])) * 100:.1f}%"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_axe_finds_no_serious_or_critical_violation(visit, pages, lang, scheme) -> None:
    source = axe_source()
    if source is None:
        missing("axe-core is not installed (npm install --no-save --no-package-lock axe-core, in the checkout)")
    for width in WIDTHS:
        v = visit(pages[lang], width, scheme)
        v.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # check the hidden too
        v.page.evaluate(source)  # through the browser's debugger, which the page's policy does not govern
        result = v.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        found = [
            (rule["id"], rule["impact"], [n["target"] for n in rule["nodes"]][:3])
            for rule in result["violations"]
            if rule["impact"] in ("serious", "critical")
        ]
        assert found == [], f"{lang} {scheme} {width}px"


def test_printed_on_a4_no_chart_card_or_table_is_cut(visit, pages, tmp_path) -> None:
    v = visit(pages["ko"])
    v.page.emulate_media(media="print")
    kept = v.page.evaluate(
        "[...document.querySelectorAll('figure, .card, .scroll')].map(e => getComputedStyle(e).breakInside)"
    )
    assert kept and set(kept) == {"avoid"}
    pdf = v.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
