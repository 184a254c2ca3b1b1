"""Benchmark R: the HTML report of a large generated base (default 20,000 sources, 100,000
claims), each timing a ratio to a baseline measured in the same run.

    python -m bench.report [--sources N] [--claims N] [--repeat R] [--json out.json]

- R1: writing the report (audit, support, traces, pictures, render, write) vs the audit alone.
- R2: the report file's size vs the base's own files (claims.json + references.bib).
- R3: time until the page is ready in Debian's chromium (``body.ready``: data decoded, article
  or claims and the first page of findings drawn) vs opening a page of the same bytes that
  runs no script; the first paint (header, summary, chart: before the data are decoded) is
  shown beside it. Needs /usr/bin/chromium and Playwright; skipped (ratio n/a) without them.
- R4: responsiveness: typing in the findings filter until the table shows the result, and
  selecting a claim until its details show (milliseconds; no baseline: a person waits).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: python bench/report.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate
from bench.run import Result, best_of_each, render_table, stopwatch

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def r1_r2(folder: Path, out: Path, repeat: int) -> list[Result]:
    import kevidence
    from kevidence.report import build_report, write_report

    kb = kevidence.load(folder)
    bare, ours = best_of_each(repeat, stopwatch(lambda: kb.audit()),
                              stopwatch(lambda: write_report(build_report(kb), out)))
    ratio = ours / bare
    size = out.stat().st_size
    base = (folder / "claims.json").stat().st_size + (folder / "references.bib").stat().st_size
    return [
        Result("R1", f"write the report of {len(kb.claims):,} claims vs audit them", ratio, "<= 4",
               ratio <= 4, f"{ours:.1f} s vs {bare:.1f} s"),
        Result("R2", "report file size vs claims.json + references.bib", size / base, "<= 0.5",
               size / base <= 0.5, f"{size / 1e6:.1f} MB vs {base / 1e6:.1f} MB"),
    ]


def r3_r4(out: Path, repeat: int) -> list[Result]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [Result("R3", "time to first render in chromium", None, "<= 3", None, "playwright not installed")]
    if not CHROMIUM.exists():
        return [Result("R3", "time to first render in chromium", None, "<= 3", None, f"no {CHROMIUM}")]
    html = out.read_text(encoding="utf-8")
    blank = out.with_name("no-script.html")
    # The same bytes with the scripts made inert: what the browser pays just to read the file.
    blank.write_text(html.replace("<script>", "<script type=\"text/plain\">"), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)

        def opened(path: Path, ready: bool) -> tuple[Any, float]:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            start = time.perf_counter()
            page.goto(path.as_uri(), timeout=300_000)
            if ready:
                page.wait_for_selector("body.ready", timeout=300_000)
            return page, time.perf_counter() - start

        def measure(path: Path, ready: bool) -> float:
            page, seconds = opened(path, ready)
            page.close()
            return seconds

        bare, ours = best_of_each(repeat, lambda: measure(blank, False), lambda: measure(out, True))
        page, _ = opened(out, True)
        paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime") / 1000
        start = time.perf_counter()
        page.fill("#f-text", "claim-99")
        page.wait_for_function("() => { const words = document.getElementById('f-count').textContent.split(' ');"
                               " return words[0] !== words[2]; }", timeout=60_000)  # "N of M findings"
        filtered = time.perf_counter() - start
        start = time.perf_counter()
        page.locator("#claim-list .claim-row").nth(5).click()
        page.wait_for_selector("#details-body .claim", timeout=60_000)
        selected = time.perf_counter() - start
        browser.close()
    ratio = ours / bare
    return [
        Result("R3", "until ready in chromium vs opening the same bytes with no script", ratio, "<= 5",
               ratio <= 5, f"{ours:.2f} s vs {bare:.2f} s; first paint {paint:.2f} s"),
        Result("R4", "findings text filter, and selecting a claim, until shown (ms)", None, "< 1000 ms",
               filtered < 1 and selected < 1, f"filter {filtered * 1000:.0f} ms, select {selected * 1000:.0f} ms"),
    ]


def run(sources: int = 20_000, claims: int = 100_000, repeat: int = 3, browser: bool = True) -> dict[str, Any]:
    """Measure R1-R4 and return the results as JSON-ready data."""
    with tempfile.TemporaryDirectory(prefix="kevidence-bench-") as tmp:
        folder = Path(tmp) / "base"
        generate(folder, sources, claims)
        out = Path(tmp) / "report.html"
        results = r1_r2(folder, out, repeat)
        if browser:
            results += r3_r4(out, repeat)
    return {"sizes": {"sources": sources, "claims": claims, "repeat": repeat},
            "results": [asdict(r) for r in results]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=20_000)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (default 3)")
    parser.add_argument("--no-browser", action="store_true", help="skip R3 and R4")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    report = run(args.sources, args.claims, args.repeat, not args.no_browser)
    print(render_table([Result(**r) for r in report["results"]]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
