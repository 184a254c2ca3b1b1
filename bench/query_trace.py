"""Benchmark of facet queries and traces on large synthetic knowledge bases built in memory.

Goals, as ratios measured in one run (never absolute times):

- a facet query answered from the indexes is at least 100 times faster than a linear scan
  that checks the same filter on every claim;
- tracing a claim takes about as long in a base of 100k claims as in one of 10k (the trace
  touches only what the claim reaches).

Run: ``python bench/query_trace.py`` (``--claims 100000 --small 10000 --json``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kevidence import Citation, Claim, KnowledgeBase, Relief, Source  # noqa: E402
from kevidence.claims.vocabulary import BUILTIN_CONDITIONS, BUILTIN_INTERVENTIONS, BUILTIN_PAIN_TYPES  # noqa: E402
from kevidence.graph.query import make_filter  # noqa: E402

CONDITIONS = [t.id for t in BUILTIN_CONDITIONS]
PAIN_TYPES = [t.id for t in BUILTIN_PAIN_TYPES]
INTERVENTIONS = [t.id for t in BUILTIN_INTERVENTIONS]
KINDS = ["efficacy", "mechanism", "safety", "contraindication", "definition", "background", "service"]
RELIEF_WORDS = ["two weeks", "several weeks", "several months", "short-term", "long-term", "up to 2 weeks", "3 days"]
PRIMARY = ["rct", "cohort", "case-series", "case-control"]
SECONDARY = ["narrative-review", "meta-analysis-of-rcts", "literature-review", "web-page", "guideline"]
CLUSTER = 20  # sources cite only within their cluster: evidence is local, as in real bases
BLOCK = 10  # claims derive only from claims of their block


def build(n_claims: int, seed: int = 7) -> KnowledgeBase:
    """A base of ``n_claims`` claims and one source per 30 claims, with local structure."""
    rng = random.Random(seed)
    n_sources = max(CLUSTER, n_claims // 30 // CLUSTER * CLUSTER)
    sources = []
    for i in range(n_sources):
        base = i - i % CLUSTER
        primary = i % CLUSTER < CLUSTER // 2
        fields = {"studydesign": rng.choice(PRIMARY if primary else SECONDARY)}
        if not primary:
            cited = rng.sample(range(base, base + CLUSTER), 3)
            fields["cites"] = ", ".join(f"s{j}" for j in cited if j != i)
        sources.append(Source.model_construct(key=f"s{i}", entry_type="article", fields=fields, line=None))
    reliefs = [Relief(text=w) for w in RELIEF_WORDS]
    claims = []
    for i in range(n_claims):
        block = i - i % BLOCK
        parents = tuple(f"c{j}" for j in rng.sample(range(block, i), min(2, i - block)))
        claims.append(Claim.model_construct(
            id=f"c{i}",
            statement="synthetic claim",
            kind=_kind(rng.choice(KINDS)),
            intervention=rng.choice(INTERVENTIONS),
            pain_types=tuple(rng.sample(PAIN_TYPES, rng.randint(0, 2))),
            conditions=tuple(rng.sample(CONDITIONS, rng.randint(0, 2))),
            relief=rng.choice(reliefs) if rng.random() < 0.4 else None,
            evidence=_level(rng.randint(1, 5)) if rng.random() < 0.3 else None,
            setting=None,
            citations=tuple(Citation(source=f"s{rng.randrange(n_sources)}") for _ in range(rng.randint(0, 3))),
            derived_from=parents,
        ))
    return KnowledgeBase.from_models(claims, sources)


def _kind(value: str):  # type: ignore[no-untyped-def]
    from kevidence.claims.model import ClaimKind

    return ClaimKind(value)


def _level(level: int) -> Any:
    from kevidence.claims.model import EvidenceAssertion
    from kevidence.sources.evidence import CEBMLevel

    return EvidenceAssertion(level=CEBMLevel(level))


def best_time(func: Callable[[], object], repeat: int = 7) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


QUERIES: list[dict[str, object]] = [
    {"condition": "crps", "intervention": "ketamine-iv", "min_relief": "P2W"},
    {"cites": "s1234"},
    {"pain_type": "neuropathic", "kind": "efficacy", "evidence_level": 2},
    {"condition": "chronic-neuropathic-pain", "max_relief": "P3M"},
]


def bench_queries(kb: KnowledgeBase) -> list[dict[str, Any]]:
    kb.query()  # build the indexes once, as a loaded base does on its first query
    rows = []
    known = set(kb.sources)
    claims = list(kb.claims.values())
    for filters in QUERIES:
        if "cites" in filters and filters["cites"] not in known:  # a small base: cite one it has
            filters = {**filters, "cites": f"s{len(known) // 2}"}
        flt = make_filter(kb.vocabulary, known, **filters)  # type: ignore[arg-type]

        def scan() -> list[Claim]:
            return [c for c in claims if flt.matches(c)]

        indexed = [c.id for c in kb.query(**filters)]  # type: ignore[arg-type]
        assert indexed == [c.id for c in scan()], f"index and scan disagree on {filters}"
        t_query = best_time(lambda: kb.query(**filters))  # type: ignore[arg-type]
        t_scan = best_time(scan, repeat=3)
        rows.append({"query": filters, "matches": len(indexed), "query_s": t_query, "scan_s": t_scan,
                     "speedup": t_scan / t_query})
    return rows


def bench_trace(small: KnowledgeBase, large: KnowledgeBase, samples: int = 300) -> dict[str, Any]:
    rng = random.Random(3)
    # The same claim positions in both bases: ids below the small size exist in both.
    ids = [f"c{rng.randrange(len(small.claims))}" for _ in range(samples)]

    def trace_all(kb: KnowledgeBase) -> Callable[[], None]:
        def run() -> None:
            for i in ids:
                kb.trace(i)

        return run

    t_small = best_time(trace_all(small), repeat=5) / samples
    t_large = best_time(trace_all(large), repeat=5) / samples
    return {"small_claims": len(small.claims), "large_claims": len(large.claims),
            "small_s": t_small, "large_s": t_large, "ratio": t_large / t_small}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the large base")
    parser.add_argument("--small", type=int, default=10_000, help="claims in the small base (trace)")
    parser.add_argument("--json", action="store_true", help="print only the JSON result")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    large = build(args.claims)
    small = build(args.small)
    built = time.perf_counter() - start
    start = time.perf_counter()
    large.query()
    indexed = time.perf_counter() - start
    queries = bench_queries(large)
    trace = bench_trace(small, large)
    result = {"build_s": built, "index_build_s": indexed, "queries": queries, "trace": trace,
              "goals": {"query_speedup_min": 100, "trace_ratio_max": 2}}
    if not args.json:
        print(f"bases built in {built:.1f}s; indexes for {args.claims} claims in {indexed:.2f}s")
        print(f"{'query':<72} {'matches':>7} {'index ms':>9} {'scan ms':>8} {'speedup':>8}")
        for row in queries:
            print(f"{json.dumps(row['query']):<72} {row['matches']:>7} {row['query_s'] * 1e3:>9.3f} "
                  f"{row['scan_s'] * 1e3:>8.1f} {row['speedup']:>7.0f}x")
        print(f"trace: {trace['small_s'] * 1e6:.0f} us at {trace['small_claims']} claims, "
              f"{trace['large_s'] * 1e6:.0f} us at {trace['large_claims']} claims, ratio {trace['ratio']:.2f}")
    print(json.dumps(result, indent=None if not args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
