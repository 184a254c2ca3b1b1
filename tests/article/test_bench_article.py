"""The article benchmark runs end to end on a small article (no timing asserted)."""

from __future__ import annotations

import math

from bench.article import generate_article, run
from kevidence.article.reading import parse_article


def test_generated_article_is_varied_and_has_its_reference_list():
    text = generate_article(20_000, seed=1)
    article = parse_article(text)
    assert len(text) >= 20_000 and [r.number for r in article.references] == [1, 2, 3, 4, 5]
    paragraphs = [b.text for b in article.blocks]
    assert len(set(paragraphs)) == len(paragraphs)  # the segmenter's paragraph cache cannot help


def test_a1_reports_a_ratio():
    (result,) = run(size=20_000, repeat=1)["results"]
    assert result["goal"] == "A1" and math.isfinite(result["ratio"]) and result["ratio"] > 0
    assert result["ok"] == (result["ratio"] <= float(result["limit"].split()[1]))


def test_hostile_bench_reports_a_growth_per_step():
    from bench.hostile import run as run_hostile

    results = run_hostile(sizes=[4_000, 16_000], shapes=["paragraph", "list"])["results"]
    assert [r["goal"] for r in results] == ["H1", "H1"]
    assert all(math.isfinite(r["ratio"]) and r["ratio"] > 0 for r in results)
