"""Every command and the Python example of the README's "Checking an article" section run,
as written, on a temporary copy of data/ (the executable is the installed console script)."""

from __future__ import annotations

import os
import re
import shlex
import shutil

import pytest

import kevidence
from tests.article.conftest import ARTICLE, FIXTURES, REPO

SECTION = re.search(r"^## Checking an article\n(.*?)^## ", (REPO / "README.md").read_text(encoding="utf-8"),
                    re.DOTALL | re.MULTILINE).group(1)


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", SECTION, re.DOTALL)


def workspace(tmp_path, data_copy):
    """The files the README names: article.txt, article.md, page.html and path/to/dir."""
    shutil.copy(ARTICLE, tmp_path / "article.txt")
    shutil.copy(FIXTURES / "ketamine-infusions-article.md", tmp_path / "article.md")
    shutil.copy(FIXTURES / "ketamine-infusions-article.html", tmp_path / "page.html")
    (tmp_path / "path" / "to").mkdir(parents=True)
    shutil.copytree(data_copy, tmp_path / "path" / "to" / "dir")


@pytest.mark.slow
def test_readme_commands(tmp_path, data_copy, cli):
    workspace(tmp_path, data_copy)
    (command_block,) = blocks("sh")
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


def test_readme_python(tmp_path, data_copy, monkeypatch):
    workspace(tmp_path, data_copy)
    monkeypatch.chdir(tmp_path)
    (code,) = blocks("python")
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102  (the README's own example)
    report = namespace["report"]
    assert [m.key for m in report.analysis.references] == ["stanford2020", "maher2017", "allen2017", "orhurhu2019",
                                                           "nhs2020"]
    location = report.by_rule("unbalanced-quotation")[0].location
    assert location.file == os.path.join("article.md") and location.column is not None
