"""``kevidence article check|draft`` run as the installed executable on temporary copies of data/."""

from __future__ import annotations

import json

import pytest

import kevidence
from tests.article.conftest import DOCUMENT, FIXTURES, KEYS


def test_check_the_bundled_article(cli, data_copy):
    article = data_copy / "articles" / "ketamine-infusions-article.txt"
    result = cli("article", "check", article, data_copy)
    assert result.returncode == 1, result.stderr  # KE009 overstated-evidence, at its sentence
    assert "Traceback" not in result.stderr
    assert "[3] -> allen2017 (pmid)" in result.stdout
    assert "ketamine-infusions-article.txt:23:113: KE110 warning [unbalanced-quotation]" in result.stdout
    assert "ketamine-infusions-article.txt:25:1: KE009 error [overstated-evidence]" in result.stdout


def test_check_json(cli, data_copy):
    article = data_copy / "articles" / "ketamine-infusions-article.txt"
    result = cli("article", "check", article, data_copy, "--format", "json")
    data = json.loads(result.stdout)
    assert {int(r["marker"]): r["key"] for r in data["references"]} == KEYS
    assert data["summary"]["article"]["document"] == DOCUMENT
    assert not [f for f in data["findings"] if f["name"] == "quotation-drift"]
    assert len(data["sentences"]) == 29 and all({"line", "text", "markers", "claims"} <= set(s) for s in data["sentences"])


@pytest.mark.parametrize("fmt", ["markdown", "github", "sarif"])
def test_check_other_formats(cli, data_copy, fmt):
    article = data_copy / "articles" / "ketamine-infusions-article.txt"
    result = cli("article", "check", article, data_copy, "--format", fmt, "--select", "KE110")
    assert result.returncode == 0, result.stderr
    if fmt == "markdown":
        assert "| 23:113 | warning | `KE110` unbalanced-quotation |" in result.stdout
    elif fmt == "github":
        assert ",line=23,col=113,title=KE110 unbalanced-quotation::" in result.stdout
    else:
        region = json.loads(result.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
        assert region == {"startLine": 23, "startColumn": 113}


@pytest.mark.parametrize("name", ["ketamine-infusions-article.md", "ketamine-infusions-article.html"])
def test_check_markdown_and_html(cli, data_copy, name):
    result = cli("article", "check", FIXTURES / name, data_copy, "--document", DOCUMENT, "--format", "json")
    data = json.loads(result.stdout)
    assert {int(r["marker"]): r["key"] for r in data["references"]} == KEYS
    assert data["summary"]["article"]["format"] == name.rsplit(".", 1)[1].replace("md", "markdown")
    assert data["summary"]["article"]["claims_located"] == 43


@pytest.mark.slow
def test_edited_copies(cli, data_copy, edited):
    removed = edited("then it can be beneficial [2,3].", "then it can be beneficial.", "removed.txt")
    changed = edited("relief can last for two weeks", "relief can last for twelve weeks", "changed.txt")
    beyond = edited("recovering from treatment [5].", "recovering from treatment [9].", "beyond.txt")
    out = cli("article", "check", removed, data_copy, "--document", DOCUMENT, "--select", "KE106").stdout
    assert "removed.txt:5:355: KE106 error [unsourced-sentence]" in out
    out = cli("article", "check", changed, data_copy, "--document", DOCUMENT, "--select", "quotation-mismatch").stdout
    assert "changed.txt:23:1: KE109 error [quotation-mismatch]" in out
    result = cli("article", "check", beyond, data_copy, "--document", DOCUMENT, "--select", "KE101")
    assert result.returncode == 1 and "beyond.txt:33:74: KE101 error [unknown-marker] marker [9]" in result.stdout


@pytest.mark.parametrize(("content", "message"), [
    (b"", "article is empty"),
    (b"\x00\x01binary\x00", "article is not text"),
    ("Caf\u00e9 relief.\n".encode("latin-1"), "article is not UTF-8"),
])
def test_unreadable_articles_exit_2(cli, data_copy, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = cli("article", "check", path, data_copy)
    assert result.returncode == 2 and message in result.stderr and "bad.txt" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_missing_article_and_unknown_document_exit_2(cli, data_copy, tmp_path):
    result = cli("article", "check", tmp_path / "nope.txt", data_copy)
    assert result.returncode == 2 and "nope.txt" in result.stderr
    article = data_copy / "articles" / "ketamine-infusions-article.txt"
    result = cli("article", "draft", article, data_copy, "--document", "lpc-ketamine")
    assert result.returncode == 2 and "did you mean 'lpc-ketamine-infusions'" in result.stderr


@pytest.mark.slow
def test_draft_to_file_and_write(cli, data_copy, tmp_path):
    claims = data_copy / "claims.json"
    document = json.loads(claims.read_text(encoding="utf-8"))
    document["claims"] = []
    claims.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    article = data_copy / "articles" / "ketamine-infusions-article.txt"
    result = cli("article", "draft", article, data_copy, "--document", DOCUMENT, "-o", tmp_path / "draft.json")
    assert result.returncode == 0, result.stderr
    drafted = json.loads((tmp_path / "draft.json").read_text(encoding="utf-8"))["claims"]
    assert len(drafted) >= 29 and all(c["review"] == "proposed" for c in drafted)
    result = cli("article", "draft", article, data_copy, "--document", DOCUMENT, "--write")
    assert result.returncode == 0 and f"added {len(drafted)} proposed claims" in result.stdout
    assert set(kevidence.load(data_copy).claims) == {c["id"] for c in drafted}
    audit = cli("audit", data_copy, "--select", "proposed-claim", "--format", "json")
    assert len(json.loads(audit.stdout)["findings"]) == len([c for c in drafted if c.get("citations")])
    again = cli("article", "draft", article, data_copy, "--document", DOCUMENT)
    assert json.loads(again.stdout) == {"claims": []}


def test_rules_lists_the_article_rules(cli):
    out = cli("rules").stdout
    assert "KE101  unknown-marker" in out and "KE111  proposed-claim" in out
    assert "How to fix" in cli("rules", "unsourced-sentence").stdout


@pytest.mark.slow
def test_exit_codes_follow_fail_on(cli, data_copy, tmp_path):
    article = data_copy / "articles" / "ketamine-infusions-article.txt"
    only_warnings = ["--select", "KE110"]
    assert cli("article", "check", article, data_copy, *only_warnings).returncode == 0
    assert cli("article", "check", article, data_copy, *only_warnings, "--fail-on", "warning").returncode == 1
    (data_copy / "kevidence.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    assert cli("article", "check", article, data_copy, *only_warnings).returncode == 1
    clean = tmp_path / "clean.md"
    clean.write_text("# Ketamine\n\nKetamine infusions give short-term relief [@orhurhu2019].\n", encoding="utf-8")
    result = cli("article", "check", clean, data_copy, "--ignore", "KE008,KE011", "--fail-on", "info")
    assert result.returncode == 0 and "No findings." in result.stdout
