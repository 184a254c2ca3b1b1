"""The documentation: the generated reference pages are current and complete, and every link
between the pages leads somewhere. (tests/test_readme.py runs the pages' examples.)"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kevidence.audit.registry import iter_rules
from kevidence.cli import build_parser
from kevidence.cli.reference import PAGES, REGENERATE, cli_reference, main, rules_reference, stale_pages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_generated_page_is_current(name: str) -> None:
    committed = (DOCS / name).read_text(encoding="utf-8") if (DOCS / name).is_file() else ""
    assert committed == PAGES[name](), (
        f"docs/{name} is stale: the code it is generated from changed. "
        f"Run `{REGENERATE}` and commit the result.")


def _commands(parser: argparse.ArgumentParser, prog: str = "kevidence") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prog} {name}", sub
                yield from _commands(sub, f"{prog} {name}")


def test_cli_reference_shows_every_command_option_and_help() -> None:
    text = cli_reference()
    sections = re.split(r"^#+ ", text, flags=re.MULTILINE)
    by_heading = {s.split("\n", 1)[0].strip("`"): s for s in sections}
    commands = list(_commands(build_parser()))
    assert len(commands) >= 17  # every top-level command and article check/draft
    for prog, parser in commands:
        assert prog in by_heading, f"{prog} has no section"
        section = by_heading[prog]
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            for option in action.option_strings:
                assert f"`{option}" in section or f", {option}" in section, f"{prog}: {option} missing"
            assert " ".join((action.help or "").replace("%%", "%").split()).replace("|", "\\|") in section, (
                f"{prog}: help of {action.dest} missing")


def test_cli_reference_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    wide = cli_reference()
    monkeypatch.setenv("COLUMNS", "40")
    assert cli_reference() == wide


def test_rules_reference_documents_every_rule() -> None:
    text = rules_reference()
    for rule in iter_rules():
        heading = f"### {rule.code} {rule.name}\n"
        assert heading in text
        section = text.split(heading, 1)[1].split("\n### ", 1)[0]
        for part in (f"**{rule.severity.value}**", rule.summary, rule.why, rule.example, rule.fix):
            assert part in section, f"{rule.code}: {part[:40]!r} missing"


def test_check_reports_a_stale_page_and_writing_fixes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--docs", str(tmp_path), "--check"]) == 1  # nothing written yet
    assert main(["--docs", str(tmp_path)]) == 0
    assert stale_pages(tmp_path) == []
    assert main(["--docs", str(tmp_path), "--check"]) == 0
    (tmp_path / "rules.md").write_text(rules_reference().replace("KE009", "KE999"), encoding="utf-8")
    capsys.readouterr()
    assert main(["--docs", str(tmp_path), "--check"]) == 1
    err = capsys.readouterr().err
    assert "rules.md is stale" in err and REGENERATE in err and "cli.md" not in err


# Links: [text](target) outside code; a target is a path relative to the page, maybe with #anchor.
LINK = re.compile(r"\]\(([^()\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def _anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    found = set()
    for heading in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE):
        slug = "".join(c for c in heading.lower() if c.isalnum() or c in " -_").replace(" ", "-")
        found.add(slug)
    return found


def _pages() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_lead_somewhere(page: Path) -> None:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page.name}: link to {target} leads nowhere"
        if anchor and linked.suffix == ".md":
            assert anchor in _anchors(linked), f"{page.name}: {linked.name} has no heading #{anchor}"


def test_readme_is_short_and_links_every_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    for page in DOCS.glob("*.md"):
        assert f"docs/{page.name}" in readme, f"README.md does not link docs/{page.name}"
