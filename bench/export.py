"""The export benchmark: streaming exports of a large base against loading it, and their memory.

    python -m bench.export [--quick] [--json out.json] [--sources N] [--claims M] [--repeat R]

Goals, each a ratio measured in the same run (see :mod:`bench.run`):

- E1: the N-Quads export of the whole base vs loading the base (``kevidence.load``);
- E2: the Parquet export vs loading the base (n/a without pyarrow);
- E3: the memory an N-Quads export allocates at its peak (tracemalloc, on top of the loaded
  base and the views of its sources, which stay cached on the sources once read), full base vs half
  base: an export that streams stays flat.

``--quick`` uses a small base (seconds, for CI); the default is 20,000 sources and 100,000 claims.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: python bench/export.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import DEFAULT_CLAIMS, DEFAULT_SOURCES, generate
from bench.run import (
    QUICK_CLAIMS,
    QUICK_SOURCES,
    Result,
    best_of_each,
    render_table,
    stopwatch,
)


def e1_e2(folder: Path, out: Path, repeat: int) -> list[Result]:
    import kevidence
    from kevidence.export import export

    kb = kevidence.load(folder)
    load, nquads = best_of_each(repeat, stopwatch(lambda: kevidence.load(folder)),
                                stopwatch(lambda: export(kb, "nquads", out / "base.nq")))
    size = (out / "base.nq").stat().st_size
    results = [Result("E1", "N-Quads export of the whole base vs loading it", nquads / load, "<= 1.5",
                      nquads / load <= 1.5, f"{nquads:.2f} s vs {load:.2f} s; {size / 2**20:.0f} MiB written")]
    try:
        import pyarrow  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        results.append(Result("E2", "Parquet export vs loading", None, "<= 1.0", None, "n/a: pyarrow not installed"))
        return results
    load, parquet = best_of_each(repeat, stopwatch(lambda: kevidence.load(folder)),
                                 stopwatch(lambda: export(kb, "parquet", out / "tables")))
    results.append(Result("E2", "Parquet export of the whole base vs loading it", parquet / load, "<= 1.0",
                          parquet / load <= 1.0, f"{parquet:.2f} s vs {load:.2f} s"))
    return results


def export_peak(folder: Path, out: Path) -> int:
    """Bytes an N-Quads export of the base in ``folder`` allocates at its peak, beyond the base."""
    import kevidence
    from kevidence.export import export

    kb = kevidence.load(folder)
    for source in kb.sources.values():  # the views the export reads, kept on the sources once computed
        source.title, source.journal, source.authors, source.year, source.doi, source.pmid, source.url  # noqa: B018
        source.study_design, source.design_unverified, source.cites  # noqa: B018
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        export(kb, "nquads", out / "peak.nq")
        return tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
        (out / "peak.nq").unlink(missing_ok=True)


def e3(full: Path, half: Path, out: Path) -> Result:
    big, small = export_peak(full, out), export_peak(half, out)
    ratio = big / max(small, 1)
    return Result("E3", "peak memory of an N-Quads export, full base vs half base", ratio, "<= 1.3",
                  ratio <= 1.3, f"{big / 2**20:.1f} MiB vs {small / 2**20:.1f} MiB")


def run(sources: int = DEFAULT_SOURCES, claims: int = DEFAULT_CLAIMS, repeat: int = 3, seed: int = 0) -> dict[str, Any]:
    """Generate a base and its half, measure every goal; a JSON-ready report."""
    with tempfile.TemporaryDirectory(prefix="kevidence-export-bench-") as work:
        root = Path(work)
        full, half = root / "full", root / "half"
        generate(full, sources=sources, claims=claims, seed=seed)
        generate(half, sources=max(sources // 2, 1), claims=max(claims // 2, 1), seed=seed)
        results = [*e1_e2(full, root, repeat), e3(full, half, root)]
    return {"sizes": {"sources": sources, "claims": claims, "seed": seed, "repeat": repeat},
            "results": [vars(r) for r in results]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.export", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SOURCES:,} sources, {QUICK_CLAIMS:,} claims")
    parser.add_argument("--sources", type=int, default=None)
    parser.add_argument("--claims", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    sources = args.sources or (QUICK_SOURCES if args.quick else DEFAULT_SOURCES)
    claims = args.claims or (QUICK_CLAIMS if args.quick else DEFAULT_CLAIMS)
    report = run(sources=sources, claims=claims, repeat=args.repeat)
    sys.stdout.write(render_table([Result(**r) for r in report["results"]]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
