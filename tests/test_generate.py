"""The benchmark's generator: deterministic, realistic, and accepted by kevidence.load."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate
from kevidence import Facet, load
from kevidence.sources.latex import needs_decoding


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    one = generate(tmp_path / "one", sources=40, claims=120, seed=7)
    two = generate(tmp_path / "two", sources=40, claims=120, seed=7)
    other = generate(tmp_path / "other", sources=40, claims=120, seed=8)
    assert one.bib_path.read_bytes() == two.bib_path.read_bytes()
    assert one.claims_path.read_bytes() == two.claims_path.read_bytes()
    assert one.claims_path.read_bytes() != other.claims_path.read_bytes()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return load(generate(tmp_path_factory.mktemp("base"), sources=300, claims=1500, seed=1).folder)


def test_sizes(base) -> None:  # type: ignore[no-untyped-def]
    assert len(base.sources) == 300
    assert len(base.claims) == 1500


def test_about_a_third_of_titles_and_names_carry_latex(base) -> None:  # type: ignore[no-untyped-def]
    titles = [s.fields["title"] for s in base.sources.values()]
    authors = [s.fields["author"] for s in base.sources.values()]
    title_share = sum(map(needs_decoding, titles)) / len(titles)
    assert 0.2 < title_share < 0.5
    assert sum(map(needs_decoding, authors)) / len(authors) > 0.2
    # Decoded views come out as plain Unicode.
    assert not any("\\" in (s.title or "") for s in base.sources.values())


def test_claims_are_varied(base) -> None:  # type: ignore[no-untyped-def]
    claims = list(base.claims.values())
    counts = {len(c.citations) for c in claims}
    assert {0, 1, 2, 3} <= counts
    assert any(c.relief is not None for c in claims)
    assert any(c.derived_from for c in claims)
    assert any(c.suppressions for c in claims)
    assert any(c.evidence is not None for c in claims)
    assert all((Facet.INTERVENTION, c.intervention) in base.vocabulary for c in claims)


def test_audit_finds_the_planted_problems(base) -> None:  # type: ignore[no-untyped-def]
    report = base.audit()
    assert report.by_rule("unsourced-claim")
    dangling = report.by_rule("dangling-citation")
    assert dangling
    assert all(f.related[0] not in base.sources for f in dangling)
