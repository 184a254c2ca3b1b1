"""The report in a real browser: Debian's chromium driven by Playwright, the page opened from
``file://`` with every request intercepted. .ci/run installs chromium when it is missing."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kevidence
from kevidence.report import build_report, render, write_report
from tests.report.conftest import ARTICLE, HOSTILE, write_hostile

CHROMIUM = os.environ.get("KEVIDENCE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason=f"no browser at {CHROMIUM} (apt-get install chromium; .ci/run does)")]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The reports opened: the bundled article, the bundled base, the hostile base's article."""
    folder = tmp_path_factory.mktemp("reports")
    kb = kevidence.load()
    hostile = write_hostile(folder / "hostile")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "COMPRESS_ABOVE", 0)  # the way a large base's data travel
        packed = write_report(build_report(kb, kevidence.bundled_data_dir() / ARTICLE), folder / "packed.html")
    return {
        "packed": packed,
        "article": write_report(build_report(kb, kevidence.bundled_data_dir() / ARTICLE), folder / "article.html"),
        "base": write_report(build_report(kb), folder / "base.html"),
        "hostile": write_report(build_report(kevidence.load(hostile), hostile / "article.txt"), folder / "hostile.html"),
    }


class Opened:
    """A page opened from a file, with every request and every console error recorded."""

    def __init__(self, browser: Any, path: Path, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body.ready", timeout=30_000)

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    def close(self) -> None:
        assert self.errors == []
        assert self.requests and all(url.startswith("file:") for url in self.requests), self.requests
        self.context.close()


@pytest.fixture
def opened(browser: Any) -> Iterator[Any]:
    made: list[Opened] = []

    def open_(path: Path, width: int = 1280) -> Opened:
        made.append(Opened(browser, path, width))
        return made[-1]

    yield open_
    for page in made:
        page.close()


def article_findings() -> int:
    """How many findings the article check gives the bundled article (what the page must list)."""
    from kevidence.article import check_article

    return len(check_article(kevidence.load(), kevidence.bundled_data_dir() / ARTICLE).findings)


def flagged_sentences() -> int:
    """How many sentences of the bundled article the report model flags."""
    report = build_report(kevidence.load(), kevidence.bundled_data_dir() / ARTICLE)
    return sum(1 for block in report.blocks for s in block.sentences if s.status in ("error", "warning", "info"))


def flagged_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all("article.text span.s.st-error, article.text span.s.st-warning, "
                                     "article.text span.s.st-info", "els => els.map(e => e.id)")


def test_the_article_opens_offline_with_no_error(opened: Any, pages: dict[str, Path]) -> None:
    view = opened(pages["article"])
    page = view.page
    assert page.locator("article.text span.s").count() == 29
    n = article_findings()
    assert page.locator("#finding-rows tr").count() == n
    assert page.inner_text("#f-count") == f"{n} of {n} findings"
    assert page.locator("#graph svg.graph g.node").count() > 43
    # close() checks: only file: requests, no console error (a blocked script would log one)


def test_selecting_a_flagged_sentence_shows_its_claim_and_findings(opened: Any, pages: dict[str, Path]) -> None:
    page = opened(pages["article"]).page
    page.click("article.text span.s.st-error")
    details = page.locator("#details-body")
    text = details.inner_text()
    assert "CEBM level 2 evidence for Intravenous Ketamine Infusion" in text
    assert "ketamine-longer-infusions-longer-relief" in text
    assert "KE009" in text and "overstated-evidence" in text and "Fix:" in text
    assert "asserted level\nCEBM level 2" in text and "supportable level\nnone reached" in text
    assert "Evidence for" in text and "maher2017" in text and "Evidence against" in text
    assert details.locator("svg.graph g.node").count() >= 2  # the claim's trace picture
    assert details.locator("ul.trace li").count() >= 2
    assert page.locator("span.s.selected").count() == 1


def test_the_findings_table_filters_and_sorts(opened: Any, pages: dict[str, Path]) -> None:
    page = opened(pages["article"]).page
    rows = page.locator("#finding-rows tr")
    page.select_option("#f-sev", "error")
    assert rows.count() == 1 and "KE009" in rows.first.inner_text()
    page.select_option("#f-sev", "")
    # The bundled article's unsourced sentences are reported once, by unsourced-claim on their claims.
    page.select_option("#f-rule", "KE001")
    assert rows.count() == 10
    assert all("KE001" in row for row in rows.all_inner_texts())
    page.select_option("#f-rule", "")
    page.fill("#f-text", "stanford2020")
    total = article_findings()
    page.wait_for_function(f"() => !document.getElementById('f-count').textContent.startsWith('{total} of')")
    shown = rows.all_inner_texts()
    assert shown and all("stanford2020" in row for row in shown)
    page.fill("#f-text", "")
    page.wait_for_function(f"() => document.getElementById('f-count').textContent.startsWith('{article_findings()} of')")
    page.click("#finding-table th button[data-sort='0']")
    assert rows.first.locator(".badge").inner_text().lower() == "error"
    page.click("#finding-table th button[data-sort='0']")
    assert rows.first.locator(".badge").inner_text().lower() == "info"
    rows.first.click()  # a row opens what it is about
    assert "KE011" in page.inner_text("#details-body")


def test_keyboard_moves_to_the_next_and_previous_flagged_sentence(opened: Any, pages: dict[str, Path]) -> None:
    page = opened(pages["article"]).page
    flagged = flagged_ids(page)
    assert len(flagged) == flagged_sentences() >= 3
    selected = "document.querySelector('span.s.selected').id"
    page.keyboard.press("n")
    assert page.evaluate(selected) == flagged[0]
    page.keyboard.press("j")
    assert page.evaluate(selected) == flagged[1]
    assert page.evaluate("document.activeElement.id") == flagged[1]
    page.keyboard.press("p")
    assert page.evaluate(selected) == flagged[0]
    page.keyboard.press("k")  # wraps round to the last
    assert page.evaluate(selected) == flagged[-1]
    page.click("#next-flag")
    assert page.evaluate(selected) == flagged[0]
    page.focus("article.text span.s:not(.st-error):not(.st-warning):not(.st-info)")
    page.keyboard.press("Enter")  # a sentence selected from the keyboard
    assert page.evaluate("document.querySelector('span.s.selected') === document.activeElement")


def test_hostile_strings_show_as_text_and_no_injected_script_runs(opened: Any, pages: dict[str, Path]) -> None:
    page = opened(pages["hostile"]).page
    for index in range(page.locator("article.text span.s").count()):
        page.click(f"#s{index}")
        details = page.inner_text("#details-body")
        assert page.evaluate("window.__pwned") is None
    page.locator("article.text span.s", has_text="Ketamine helps").click()
    details = page.inner_text("#details-body")
    for text in (HOSTILE[0], HOSTILE[1], HOSTILE[4], "javascript:window.__pwned=7"):
        assert text in details, text
    assert page.evaluate("document.querySelectorAll('img, iframe, u, object, embed').length") == 0
    links = page.eval_on_selector_all("#details-body a", "els => els.map(a => a.getAttribute('href'))")
    assert links and all(link.startswith("https://") for link in links)
    assert HOSTILE[0] in page.inner_text("article.text")
    page.select_option("#f-sev", "error")
    page.keyboard.press("n")
    assert page.evaluate("window.__pwned") is None


def test_the_base_without_an_article_lists_claims_by_document(opened: Any, pages: dict[str, Path]) -> None:
    page = opened(pages["base"]).page
    assert page.locator("#claim-list .claim-row").count() == 43
    page.fill("#claim-filter", "crps")
    page.wait_for_function("() => document.querySelectorAll('#claim-list .claim-row').length < 43")
    assert all("crps" in row.lower() for row in page.locator("#claim-list .claim-row").all_inner_texts())
    page.locator("#claim-list .claim-row").first.click()
    assert "Evidence for" in page.inner_text("#details-body")
    page.fill("#claim-filter", "")
    page.keyboard.press("Escape")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("n")
    assert page.locator("#claim-list .claim-row.selected").count() == 1


def _colours(png: bytes) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return len(image.getcolors(maxcolors=1 << 20) or [])


def test_compressed_data_open_the_same(opened: Any, pages: dict[str, Path]) -> None:
    page = opened(pages["packed"]).page
    assert page.get_attribute("#report-data", "data-encoding") == "gzip+base64"
    assert page.locator("#finding-rows tr").count() == article_findings()
    page.click("article.text span.s.st-error")
    text = page.inner_text("#details-body")
    assert "KE009" in text and "ketamine-longer-infusions-longer-relief" in text and "maher2017" in text


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_at_desktop_and_phone_width_are_not_blank(opened: Any, pages: dict[str, Path], width: int,
                                                              tmp_path: Path) -> None:
    page = opened(pages["article"], width).page
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    page.keyboard.press("n")
    assert page.locator("#details").is_visible()  # at 390 px the details slide up from the bottom
    shot = page.screenshot(path=str(tmp_path / f"report-{width}.png"))
    assert _colours(shot) > 200
    top = page.locator("header.top").bounding_box()
    assert top is not None and top["width"] <= width


def test_print_hides_the_controls(opened: Any, pages: dict[str, Path]) -> None:
    page = opened(pages["article"]).page
    page.emulate_media(media="print")
    assert not page.locator("nav").is_visible() and not page.locator("#next-flag").is_visible()
    assert page.locator("article.text").is_visible() and page.locator("#summary svg.chart").is_visible()
