"""Starting and growing a base on the command line, through the real executable: init, article
draft --write with a new document, document, claim show/set/confirm/reject, suppress."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kevidence

ARTICLE = kevidence.bundled_data_dir() / "articles" / "ketamine-infusions-article.txt"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "kevidence", *map(str, args)], capture_output=True, text=True,
                            check=False, cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A base started from nothing and drafted from an article it has never seen."""
    root = tmp_path_factory.mktemp("editor")
    result = run("init", root / "kb")
    assert result.returncode == 0 and "created an empty base" in result.stdout
    (root / "kb" / "articles").mkdir()
    shutil.copy(ARTICLE, root / "kb" / "articles" / "ketamine.txt")
    result = run("article", "draft", root / "kb" / "articles" / "ketamine.txt", root / "kb", "--document",
                 "ketamine-page", "--write")
    assert result.returncode == 0, result.stderr
    assert "added document ketamine-page: What are Intravenous Ketamine Infusions" in result.stdout
    return root / "kb"


def test_draft_write_adds_the_document_with_its_title_and_relative_path(drafted: Path) -> None:
    kb = kevidence.load(drafted)
    document = kb.documents["ketamine-page"]
    assert document.path == "articles/ketamine.txt"
    assert document.title.startswith("What are Intravenous Ketamine Infusions")
    assert kb.claims and all(c.review == "proposed" for c in kb.claims.values())
    assert all(s.document == "ketamine-page" for c in kb.claims.values() for s in c.stated_in)
    # the check now finds the article's document by its path, with no --document
    check = run("article", "check", drafted / "articles" / "ketamine.txt", drafted, "--format", "json")
    assert check.returncode in (0, 1), check.stderr
    json.loads(check.stdout)  # the note on what awaits review goes to stderr, not into the JSON
    waiting = len(kb.claims)
    assert f"note: {waiting} claims drafted from articles await review: 'kevidence query {drafted} --proposed'" \
        in check.stderr


def test_the_next_step_after_a_draft_and_the_review_left(tmp_path: Path) -> None:
    run("init", tmp_path / "kb")
    done = run("article", "draft", ARTICLE, tmp_path / "kb", "--document", "page", "--write")
    assert f"next: kevidence query {tmp_path / 'kb'} --document page --proposed" in done.stdout
    listed = run("query", tmp_path / "kb", "--document", "page", "--proposed", "--format", "json")
    ids = [row["claim"] for row in json.loads(listed.stdout)["claims"]]
    assert ids == list(kevidence.load(tmp_path / "kb").claims)
    audit = run("audit", tmp_path / "kb")
    assert f"note: {len(ids)} claims drafted from articles await review" in audit.stderr
    run("claim", "confirm", tmp_path / "kb", *ids)
    after = run("audit", tmp_path / "kb")
    assert "await" not in after.stderr and run("query", tmp_path / "kb", "--proposed").stdout.startswith("No claims")


def test_drafted_ids_are_short_readable_and_unique(drafted: Path) -> None:
    ids = list(kevidence.load(drafted).claims)
    assert len(ids) == len(set(ids))
    for claim_id in ids:
        words = claim_id.split("-")
        assert len([w for w in words if not w.isdigit()]) <= 6, claim_id
        assert "http" not in claim_id and "www" not in claim_id


def test_document_list_add_set_remove(drafted: Path, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(drafted, kb)
    listing = run("document", "list", kb)
    assert listing.returncode == 0 and listing.stdout.startswith("ketamine-page: What are")
    assert run("document", "add", kb, "tens", "--title", "TENS for pain", "--url", "https://example.org/tens").returncode == 0
    changed = run("document", "set", kb, "tens", "--publisher", "A clinic", "--clear", "url")
    assert changed.returncode == 0 and "changed" in changed.stdout
    rows = json.loads(run("document", "list", kb, "--format", "json").stdout)
    assert rows[-1] == {"id": "tens", "title": "TENS for pain", "publisher": "A clinic"}
    refused = run("document", "remove", kb, "ketamine-page")
    assert refused.returncode == 2 and "claims are stated in it" in refused.stderr
    assert run("document", "remove", kb, "tens").returncode == 0
    assert "tens" not in kevidence.load(kb).documents
    unknown = run("document", "set", kb, "tense", "--title", "x")
    assert unknown.returncode == 2 and "no document with id 'tense'" in unknown.stderr


def test_claim_show_set_confirm_reject_and_suppress(drafted: Path, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(drafted, kb)
    first, second, third = list(kevidence.load(kb).claims)[:3]
    shown = run("claim", "show", kb, first)
    assert shown.returncode == 0 and shown.stdout.startswith(f"{first} (") and "claims.json:" in shown.stdout
    changed = run("claim", "set", kb, first, "--kind", "efficacy", "--condition", "crps,fibromyalgia",
                  "--intervention", "ketamine-iv", "--level", "2", "--relief", "several weeks")
    assert changed.returncode == 0, changed.stderr
    claim = kevidence.load(kb).claims[first]
    assert (claim.kind.value, claim.conditions, claim.intervention) == ("efficacy", ("crps", "fibromyalgia"), "ketamine-iv")
    assert claim.evidence is not None and int(claim.evidence.level) == 2
    assert claim.relief is not None and claim.relief.text == "several weeks"
    bad = run("claim", "set", kb, first, "--condition", "cprs")
    assert bad.returncode == 2 and "did you mean 'crps'" in bad.stderr
    assert run("claim", "set", kb, first, "--clear", "conditions,relief").returncode == 0
    assert kevidence.load(kb).claims[first].conditions == ()
    assert run("claim", "set", kb, first, "--clear", "statement").returncode == 2
    assert run("claim", "confirm", kb, first, second).returncode == 0
    claims = kevidence.load(kb).claims
    assert claims[first].review is None and claims[second].review is None and claims[third].review == "proposed"
    assert run("claim", "reject", kb, third).returncode == 0
    assert third not in kevidence.load(kb).claims
    suppressed = run("suppress", kb, first, "unsourced-claim", "--reason", "a definition the editor accepts")
    assert suppressed.returncode == 0 and "KE001" in suppressed.stdout
    [suppression] = kevidence.load(kb).claims[first].suppressions
    assert (suppression.rule, suppression.reason) == ("KE001", "a definition the editor accepts")
    audit = run("audit", kb, "--format", "json", "--select", "KE001")
    assert first not in {f["subject"] for f in json.loads(audit.stdout)["findings"]}
    wrong = run("suppress", kb, first, "KE0001", "--reason", "typo")
    assert wrong.returncode == 2 and "did you mean 'KE001'" in wrong.stderr


def test_init_refuses_an_existing_base(drafted: Path) -> None:
    before = (drafted / "claims.json").read_bytes()
    result = run("init", drafted)
    assert result.returncode == 2 and "already there" in result.stderr
    assert (drafted / "claims.json").read_bytes() == before


def test_control_characters_in_data_are_shown_not_run(tmp_path: Path) -> None:
    assert run("init", tmp_path / "kb").returncode == 0
    assert run("document", "add", tmp_path / "kb", "d", "--title", "Title\x1b[2Jcleared").returncode == 0
    listing = run("document", "list", tmp_path / "kb")
    assert "\x1b" not in listing.stdout and "\\x1b[2Jcleared" in listing.stdout
