"""The commands of docs/articles.md run, as written, on a temporary copy of data/ (the
executable is the installed console script), and do what the page says. (tests/test_readme.py
runs every example of the page and checks its shown output; this adds what the page only
states.)"""

from __future__ import annotations

import re
import shlex
import shutil

import pytest

import kevidence
from tests.article.conftest import ARTICLE, FIXTURES, REPO

PAGE = (REPO / "docs" / "articles.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", PAGE, re.DOTALL)


def workspace(tmp_path, data_copy):
    """The files the page names: article.txt, article.md, page.html and path/to/dir."""
    shutil.copy(ARTICLE, tmp_path / "article.txt")
    shutil.copy(FIXTURES / "ketamine-infusions-article.md", tmp_path / "article.md")
    shutil.copy(FIXTURES / "ketamine-infusions-article.html", tmp_path / "page.html")
    (tmp_path / "path" / "to").mkdir(parents=True)
    shutil.copytree(data_copy, tmp_path / "path" / "to" / "dir")


@pytest.mark.slow
def test_page_commands(tmp_path, data_copy, cli):
    workspace(tmp_path, data_copy)
    command_block = blocks("sh")[0]
    commands = [line.split("  #")[0].strip() for line in command_block.splitlines() if line.strip()]
    assert len(commands) == 7
    for command in commands:
        argv = shlex.split(command)
        assert argv[0] == "kevidence"
        result = cli(*argv[1:])
        assert result.returncode in (0, 1), (command, result.stderr)
        assert "Traceback" not in result.stderr
    assert (tmp_path / "proposed.json").is_file()
    # Drafting into the full bundled base adds nothing: every stated sentence is recorded.
    assert len(kevidence.load(tmp_path / "path" / "to" / "dir").claims) == 43


def test_page_states_the_article_rules() -> None:
    # The page's summary of the article rules names the codes the registry holds.
    from kevidence.audit.registry import iter_rules

    article_rules = [r.code for r in iter_rules() if r.code.startswith("KE1")]
    assert f"{article_rules[0]}–{article_rules[-1]}" in PAGE
