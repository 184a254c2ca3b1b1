"""The benchmark: ratios of kevidence's load, audit, query and memory against baselines.

Every goal is a ratio measured in the same run against a baseline doing the comparable bare
work (bibtexparser, orjson, a linear scan), so results carry over between machines. Each
timing is the best of ``--repeat`` runs, with kevidence's caches cleared before every run; a
baseline and what is compared with it are run in turns, so that noise hits both alike.

    python -m bench.run [--quick] [--json out.json] [--sources N] [--claims M] [--repeat R]

``--quick`` uses a small base (seconds, for CI); the default is 20,000 sources and 100,000
claims. When a ``shared/data/zotero-export-7166.bib`` lies next to the repository (one or two
folders up), P1 is also measured on that real Zotero export.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bibtexparser

from bench.generate import DEFAULT_CLAIMS, DEFAULT_SOURCES, generate

REPO = Path(__file__).resolve().parent.parent
REAL_BIB = "shared/data/zotero-export-7166.bib"
QUICK_SOURCES, QUICK_CLAIMS = 1_000, 5_000


@dataclass
class Result:
    """One goal: the measured ratio, the limit, and whether the ratio meets it."""

    goal: str
    what: str
    ratio: float | None
    limit: str
    ok: bool | None
    detail: str
    first: float | None = None  # the ratio in the first round (no earlier run in this process)
    amount: float | None = None  # kevidence's own best time in seconds (bytes, for memory): for growth


def clear_caches() -> None:
    """Empty every ``functools`` cache in kevidence, so that each timed run starts cold."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("kevidence"):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


Measure = Callable[[], float]  # runs something and returns the seconds its timed part took


def stopwatch(run: Callable[[], Any]) -> Measure:
    """A measure timing the whole of ``run``."""

    def measure() -> float:
        start = time.perf_counter()
        run()
        return time.perf_counter() - start

    return measure


def best_of_each(repeat: int, *measures: Measure) -> list[float]:
    """The shortest time of each measure over ``repeat`` rounds.

    The measures take turns within a round, so that a burst of load on a shared machine hits
    a baseline and what is compared with it alike. kevidence's caches are cleared and garbage
    is collected before each one.
    """
    return first_and_best(repeat, *measures)[1]


def first_and_best(repeat: int, *measures: Measure) -> tuple[list[float], list[float]]:
    """Each measure's time in the first round, and its shortest over ``repeat`` rounds (taken
    as :func:`best_of_each` takes them)."""
    first: list[float] = []
    best = [float("inf")] * len(measures)
    for round_ in range(repeat):
        for i, measure in enumerate(measures):
            clear_caches()
            gc.collect()
            seconds = measure()
            if round_ == 0:
                first.append(seconds)
            best[i] = min(best[i], seconds)
    return first, best


def load_bib_decoded(path: Path, strict: bool = True) -> None:
    """kevidence's load of a .bib with the decoded views forced for every entry."""
    from kevidence.sources.bibtex import load_bib

    bib = load_bib(path, strict=strict)
    for source in bib.sources.values():
        source.title, source.journal, source.authors  # noqa: B018  (forces the lazy views)


def p1(bib: Path, repeat: int, label: str = "P1", strict: bool = True) -> Result:
    bare, ours = best_of_each(repeat, stopwatch(lambda: bibtexparser.parse_file(str(bib))),
                              stopwatch(lambda: load_bib_decoded(bib, strict)))
    ratio = ours / bare
    return Result(label, f"load .bib + decoded title/journal/authors vs bibtexparser.parse_file ({bib.name})",
                  ratio, "<= 1.3", ratio <= 1.3, f"{ours:.3f} s vs {bare:.3f} s")


def _paused(run: Callable[[], Any]) -> Callable[[], Any]:
    """``run`` with the cyclic garbage collector paused, as :func:`kevidence.load` and the audit
    run their work. Timed with the collector on, a large load's time is a third collector passes
    (two thirds of a bare ``orjson.loads`` at 100,000 claims), which would flatter the ratios
    whose yardstick it is."""
    from kevidence.bulk import paused_gc

    def paused() -> Any:
        with paused_gc():
            return run()

    return paused


def _claims_load(claims: Path) -> Measure:
    """The claims file's load and validation, as :func:`kevidence.load` runs it."""
    from kevidence.claims.store import load_claims

    return stopwatch(_paused(lambda: load_claims(claims)))


def p2(claims: Path, repeat: int) -> Result:
    import orjson

    (bare1, ours1), (bare, ours) = first_and_best(
        repeat, stopwatch(_paused(lambda: orjson.loads(claims.read_bytes()))), _claims_load(claims))
    ratio = ours / bare
    return Result("P2", "load + validate claims.json vs orjson.loads", ratio, "<= 2.5", ratio <= 2.5,
                  f"{ours:.3f} s vs {bare:.3f} s", ours1 / bare1, ours)


def _graph_and_audit(folder: Path, graph: bool = True) -> Measure:
    """Building the knowledge base's graph (unless ``graph`` is false) and running the full
    audit, timed on a freshly loaded base (the sources' decoded views not yet read)."""
    import kevidence

    def measure() -> float:
        kb = kevidence.load(folder)
        gc.collect()
        start = time.perf_counter()
        if graph:
            kb.graph  # noqa: B018  (the graph is built on first use)
        kb.audit()
        return time.perf_counter() - start

    return measure


def _audit_floor(folder: Path) -> Measure:
    """What any audit costs before a rule judges anything, timed on a freshly loaded base:
    every claim's location, one bare read of every claim's citations and facets (as if all
    rules shared one pass), and making and ordering as many findings as the audit reports
    (same fields)."""
    import random

    import kevidence
    from kevidence.audit.model import sort_for_report
    from kevidence.audit.registry import find_rule
    from kevidence.bulk import paused_gc

    template = kevidence.load(folder).audit().findings

    def measure() -> float:
        kb = kevidence.load(folder)
        gc.collect()
        shuffled = list(template)
        random.Random(0).shuffle(shuffled)
        with paused_gc():  # as the audit runs
            start = time.perf_counter()
            kb.claim_locations()
            claims = list(kb.claims.values())
            seen = 0
            for claim in claims:
                for citation in claim.citations:
                    seen += citation.stance is not None
                seen += claim.intervention is not None
            by_code = {f.rule: find_rule(f.rule) for f in shuffled}
            made = [by_code[f.rule].finding(f.subject, f"{f.rule} {f.subject!r}: {len(f.message)}",  # type: ignore[union-attr]
                                            f.location, f.severity, f.related) for f in shuffled]
            sort_for_report(made)
            return time.perf_counter() - start

    return measure


def p3(full: Path, half: Path, repeat: int) -> list[Result]:
    from kevidence.audit import rules as all_rules

    first, (claims_load, whole, part, audit_only, floor) = first_and_best(
        repeat, _claims_load(full / "claims.json"), _graph_and_audit(full), _graph_and_audit(half),
        _graph_and_audit(full, graph=False), _audit_floor(full))
    rules = ", ".join(sorted(all_rules()))
    return [
        Result("P3f", "the floor of P3a: locating every claim, one bare read of every claim, and making and ordering "
               "the findings, vs claims load (no limit: what an audit costs before any rule judges anything)",
               floor / claims_load, "info", None, f"{floor:.3f} s vs {claims_load:.3f} s", first[4] / first[0], floor),
        Result("P3", f"graph + full audit ({len(rules.split())} rules) vs claims load", whole / claims_load,
               "<= 1.0", whole / claims_load <= 1.0, f"{whole:.3f} s vs {claims_load:.3f} s",
               first[1] / first[0], whole),
        Result("P3a", "full audit alone (it does not need the graph) vs claims load", audit_only / claims_load,
               "<= 1.0", audit_only / claims_load <= 1.0, f"{audit_only:.3f} s vs {claims_load:.3f} s",
               first[3] / first[0], audit_only),
        Result("P3x2", "graph + audit: full base vs half base", whole / part, "<= 2.2", whole / part <= 2.2,
               f"{whole:.3f} s vs {part:.3f} s", first[1] / first[2]),
    ]


def p6(full: Path, repeat: int) -> Result:
    """One edit (a citation added, or removed again) and its save, against loading the base."""
    import kevidence

    kb = kevidence.load(full)
    claim_id = list(kb.claims)[len(kb.claims) // 2]
    key = next(k for k in kb.sources if k not in kb.claims[claim_id].sources)

    def edit_and_save() -> float:
        base = kevidence.load(full)
        gc.collect()
        start = time.perf_counter()
        if key in base.claims[claim_id].sources:
            base.unlink(claim_id, key)
        else:
            base.link(claim_id, key)
        base.save()
        return time.perf_counter() - start

    (load1, save1), (load, save) = first_and_best(repeat, stopwatch(lambda: kevidence.load(full)), edit_and_save)
    return Result("P6", "one edit + save vs loading the base", save / load, "<= 0.1", save / load <= 0.1,
                  f"{save:.3f} s vs {load:.3f} s", save1 / load1, save)


def p7(full: Path, repeat: int) -> Result:
    """The first query after a load, against a plain scan of the claims for the same filter."""
    import kevidence

    condition, intervention = "phantom-limb-pain", "lidocaine-iv"

    def first_query() -> float:
        kb = kevidence.load(full)
        gc.collect()
        start = time.perf_counter()
        kb.query(condition=condition, intervention=intervention)
        return time.perf_counter() - start

    kb = kevidence.load(full)
    claims = list(kb.claims.values())
    accepted = kb.vocabulary.narrower(kevidence.Facet.CONDITION, condition)
    interventions = kb.vocabulary.narrower(kevidence.Facet.INTERVENTION, intervention)

    def scan() -> list[Any]:
        return [c for c in claims if not accepted.isdisjoint(c.conditions) and c.intervention in interventions]

    (query1, linear1), (query, linear) = first_and_best(repeat, first_query, stopwatch(scan))
    return Result("P7", "first query after a load vs a plain scan of the claims", query / linear, "<= 2.0",
                  query / linear <= 2.0, f"{query * 1e3:.1f} ms vs {linear * 1e3:.1f} ms", query1 / linear1, query)


_COMMANDS = (["rules"], ["query", "--help"], ["audit", "--help"], ["vocab", "--help"])
_USED = """
import sys
from kevidence.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
# every module the command imported that is not kevidence's own, the standard library's included
sys.stderr.write(' '.join(sorted(m for m in sys.modules if m.split('.')[0] not in ('kevidence', '__main__'))))
"""


def _start(argv: list[str], repeat: int) -> tuple[float, float, float, float, list[str]]:
    """Starting ``kevidence *argv`` against importing what it uses: (ratio, first round's
    ratio, our best seconds, the baseline's, the third-party packages it uses)."""
    used = subprocess.run([sys.executable, "-c", _USED.format(argv=argv)], capture_output=True, text=True,
                          cwd=REPO, check=True).stderr.split()
    baseline = [sys.executable, "-c", "import importlib\nfor m in " + repr(used) + ":\n"
                "    try:\n        importlib.import_module(m)\n    except Exception:\n        pass"]
    command = [sys.executable, "-m", "kevidence", *argv]

    def run_it(cmd: list[str]) -> Measure:
        return stopwatch(lambda: subprocess.run(cmd, capture_output=True, cwd=REPO, check=False))

    (bare1, ours1), (bare, ours) = first_and_best(repeat, run_it(baseline), run_it(command))
    third = sorted({u.split(".")[0] for u in used} - set(sys.stdlib_module_names)
                   - set(sys.builtin_module_names) - {"_distutils_hack"})
    return ours / bare, ours1 / bare1, ours, bare, [t for t in third if not t.startswith("_")]


def _every_command() -> list[str]:
    """The names of every ``kevidence`` command, as its parser lists them."""
    import argparse as _argparse

    from kevidence.cli import build_parser

    parser = build_parser()
    for action in parser._actions:  # argparse keeps its subcommands in a private list
        if isinstance(action, _argparse._SubParsersAction):
            return sorted(action.choices)
    return []


def p8(repeat: int) -> list[Result]:
    """Starting a command, against importing the packages that command uses (standard library
    and third party): what kevidence adds is its own modules and its own work. The commands
    of :data:`_COMMANDS` each have a row; every command's ``--help`` is measured too, and its
    slowest start has one row."""
    import compileall

    # The packages imported by the baseline were byte-compiled when installed; so is an
    # installed kevidence. A checkout run with PYTHONDONTWRITEBYTECODE would compile
    # kevidence's source at every start, which is not what a user's command pays.
    compileall.compile_dir(str(REPO / "kevidence"), quiet=1)
    results = []
    for argv in _COMMANDS:
        ratio, first, ours, bare, third = _start(argv, max(repeat, 5))
        results.append(Result("P8", f"start 'kevidence {' '.join(argv)}' vs importing what it uses "
                              f"(the standard library's modules and {', '.join(third) or 'no other package'})",
                              ratio, "<= 1.5", ratio <= 1.5, f"{ours * 1e3:.0f} ms vs {bare * 1e3:.0f} ms", first))
    starts = {name: _start([name, "--help"], max(repeat, 5)) for name in _every_command()}
    if starts:
        slowest = max(starts, key=lambda name: starts[name][0])
        ratio, first, ours, bare, _ = starts[slowest]
        results.append(Result("P8", f"start 'kevidence COMMAND --help' for each of the {len(starts)} commands vs "
                              f"importing what it uses: the slowest ({slowest})", ratio, "<= 1.5", ratio <= 1.5,
                              f"{ours * 1e3:.0f} ms vs {bare * 1e3:.0f} ms; the others "
                              f"{min(r[0] for r in starts.values()):.2f}-{ratio:.2f}", first))
    return results


def _time_per_call(run: Callable[[], Any], minimum: float = 0.2) -> float:
    """Seconds per call, repeating the call until ``minimum`` seconds have passed."""
    calls, start = 0, time.perf_counter()
    while True:
        run()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= minimum:
            return elapsed / calls


def p4(full: Path) -> list[Result]:
    import kevidence

    kb = kevidence.load(full)
    results: list[Result] = []
    condition, intervention = "phantom-limb-pain", "lidocaine-iv"
    if hasattr(kb, "query"):
        def scan() -> list[Any]:
            return [c for c in kb.claims.values() if condition in c.conditions and c.intervention == intervention]

        def query() -> list[Any]:
            return kb.query(condition=condition, intervention=intervention)

        query()  # a facet's first query scans its column, its second builds its index:
        query()  # time the queries after both
        indexed = _time_per_call(query)
        linear = _time_per_call(scan)
        results.append(Result("P4", "facet query speed-up over a linear scan", linear / indexed, ">= 100",
                              linear / indexed >= 100, f"{indexed * 1e6:.1f} us vs {linear * 1e6:.1f} us"))
    else:
        results.append(Result("P4", "facet query speed-up over a linear scan", None, ">= 100", None,
                              "n/a: this build has no KnowledgeBase.query"))
    if hasattr(kb, "trace"):
        target = _deep_claim(kb)
        small = _halved_around(kb, target)
        # The same claim with the same evidence tree, in a base of half as many claims. The
        # graph is built on the first trace: time the traces after it.
        kb.trace(target), small.trace(target)
        # Best of three windows each, in turns: the first window after the bases are built can
        # carry a one-off pause of the process (about 0.15 s at 50,000 claims), which read as a
        # trace five times slower than the half base's.
        big, little = float("inf"), float("inf")
        for _ in range(3):
            big = min(big, _time_per_call(lambda: kb.trace(target)))
            little = min(little, _time_per_call(lambda: small.trace(target)))
        ratio = big / little
        results.append(Result("P4t", "trace time: full base vs half base (same claim, same evidence tree)", ratio,
                              "<= 1.5", ratio <= 1.5, f"{big * 1e6:.1f} us vs {little * 1e6:.1f} us "
                              f"({len(kb.claims)} vs {len(small.claims)} claims)"))
    else:
        results.append(Result("P4t", "trace time: full base vs half base", None, "<= 1.5", None,
                              "n/a: this build has no KnowledgeBase.trace"))
    return results


def _halved_around(kb: Any, target: str) -> Any:
    """The base with every other claim dropped, except the claims ``target`` rests on (so its
    trace is the same), and only the sources the kept claims cite (with what those cite)."""
    from kevidence import KnowledgeBase

    keep, frontier = {target}, [target]
    while frontier:
        for parent in kb.claims[frontier.pop()].derived_from:
            if parent in kb.claims and parent not in keep:
                keep.add(parent)
                frontier.append(parent)
    claims = [c for i, c in enumerate(kb.claims.values()) if c.id in keep or i % 2 == 0]
    used, frontier = set(), [c.source for claim in claims for c in claim.citations]
    while frontier:
        key = frontier.pop()
        if key not in used and key in kb.sources:
            used.add(key)
            frontier.extend(kb.sources[key].cites)
    sources = [s for key, s in kb.sources.items() if key in used]
    return KnowledgeBase.from_models(claims, sources, kb.documents.values(), kb.vocabulary)


def _deep_claim(kb: Any) -> str:
    """A claim that derives from another and cites sources (exists in both bases: same seed)."""
    for claim in kb.claims.values():
        if claim.derived_from and claim.citations:
            return str(claim.id)
    return str(next(iter(kb.claims)))


_MEMORY_PROBE = """
import gc, sys
sys.path.insert(0, {repo!r})
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * {page}
import kevidence, kevidence.audit
gc.collect()
before = rss()
kb = kevidence.load({folder!r})
gc.collect()
print(rss() - before, len(kb.claims))
"""


def p5(full: Path) -> Result:
    import os

    try:
        page = os.sysconf("SC_PAGE_SIZE")
        out = subprocess.run([sys.executable, "-c", _MEMORY_PROBE.format(repo=str(REPO), page=page, folder=str(full))],
                             capture_output=True, text=True, check=True).stdout.split()
    except (OSError, ValueError, subprocess.CalledProcessError) as exc:
        return Result("P5", "resident memory per claim", None, "<= 4096 B", None, f"n/a: {exc}")
    grown, claims = int(out[0]), int(out[1])
    per_claim = grown / max(claims, 1)
    return Result("P5", "resident memory per claim (whole base loaded)", per_claim / 1024, "<= 4.0 KB",
                  per_claim <= 4096, f"{per_claim:.0f} B per claim, {grown / 2**20:.0f} MiB in all", amount=grown)


# The audit process's own peak: VmHWM, the high-water mark of the memory it maps since it
# started. Not ru_maxrss: Linux carries a parent's peak into a child it starts (fork or vfork,
# then exec), so a benchmark that had loaded large bases read its own peak there, not the audit's.
_AUDIT_PROCESS = """
import resource, runpy, sys
sys.argv = ["kevidence", "audit", {folder!r}, "--format", "json"]
try:
    runpy.run_module("kevidence", run_name="__main__")
except SystemExit:
    pass
try:
    with open("/proc/self/status") as f:
        peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
except (OSError, StopIteration):  # no /proc (not Linux): the process's peak as the system counts it
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak //= 1024 if sys.platform == "darwin" else 1  # bytes there, KiB elsewhere
sys.stderr.write(str(peak))
"""
_LOADED_PROCESS = """
import gc, sys
import kevidence
kb = kevidence.load({folder!r})
gc.collect()
with open("/proc/self/statm") as f:
    sys.stderr.write(str(int(f.read().split()[1]) * {page} // 1024))
"""


def p9(full: Path, repeat: int) -> list[Result]:
    """The whole ``kevidence audit --format json`` process (start, load, audit, the JSON written
    to /dev/null) against loading and auditing the base in Python; and its peak memory against
    a process holding the loaded base."""
    import os

    import kevidence

    peaks: list[int] = []

    def whole_process() -> float:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _AUDIT_PROCESS.format(folder=str(full))], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        elapsed = time.perf_counter() - start
        peaks.append(int(done.stderr.strip().rsplit(None, 1)[-1]))
        return elapsed

    def in_python() -> float:
        start = time.perf_counter()
        kevidence.load(full).audit()
        return time.perf_counter() - start

    (bare1, ours1), (bare, ours) = first_and_best(repeat, in_python, whole_process)
    results = [Result("P9", "'kevidence audit --format json' process vs load + audit in Python", ours / bare,
                      "<= 1.5", ours / bare <= 1.5, f"{ours:.3f} s vs {bare:.3f} s", ours1 / bare1, ours)]
    try:
        page = os.sysconf("SC_PAGE_SIZE")
        loaded = int(subprocess.run([sys.executable, "-c", _LOADED_PROCESS.format(folder=str(full), page=page)],
                                    cwd=REPO, capture_output=True, text=True, check=True).stderr.strip())
    except (OSError, ValueError, subprocess.CalledProcessError) as exc:
        results.append(Result("P9m", "peak memory of the audit process vs the loaded base", None, "<= 2.0", None,
                              f"n/a: {exc}"))
        return results
    peak = max(peaks)  # the largest of the runs: memory, unlike time, is not a race against noise
    results.append(Result("P9m", "peak memory of 'kevidence audit --format json' vs a process holding the base",
                          peak / loaded, "<= 2.0", peak / loaded <= 2.0,
                          f"{peak / 1024:.0f} MiB vs {loaded / 1024:.0f} MiB", amount=peak * 1024))
    return results


def real_bib() -> Path | None:
    """The shared Zotero export, when it lies next to the repository."""
    for up in (REPO.parent, REPO.parent.parent):
        candidate = up / REAL_BIB
        if candidate.is_file():
            return candidate
    return None


def render_table(results: list[Result]) -> str:
    rows = [("goal", "ratio", "first", "limit", "ok", "what", "measured")]
    for r in results:
        ratio = "n/a" if r.ratio is None else f"{r.ratio:.2f}"
        first = "" if r.first is None else f"{r.first:.2f}"
        ok = "-" if r.ok is None else ("yes" if r.ok else "NO")
        rows.append((r.goal, ratio, first, r.limit, ok, r.what, r.detail))
    return format_rows(rows)


def format_rows(rows: Sequence[Sequence[str]], rule: bool = True) -> str:
    """Rows as aligned columns, the first row a header (underlined when ``rule``)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    if rule:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def goal_key(result: Result) -> str:
    """A goal's name across runs and in the bounds file; command starts are named by their command."""
    if result.goal == "P8" and "'" in result.what:
        return "P8 " + result.what.split("'")[1]
    return result.goal


def _warm_up() -> None:
    """Import and first-call costs (validators, regexes) are not what the goals measure."""
    import orjson

    import kevidence

    kb = kevidence.load()
    for source in kb.sources.values():
        source.title, source.journal, source.authors  # noqa: B018
    kb.audit()
    bibtexparser.parse_string("@article{k, title = {T}}")
    orjson.loads(b"{}")


def machine() -> dict[str, Any]:
    """What the figures were measured on: date, processor count, system and Python."""
    import datetime
    import os
    import platform

    return {"date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "cores": os.cpu_count(), "system": f"{platform.system()} {platform.machine()}",
            "python": platform.python_version(),
            "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}


def run(
    sources: int, claims: int, repeat: int, seed: int = 0, workdir: Path | None = None, real: bool = True,
    commands: bool = True,
) -> dict[str, Any]:
    """Generate the bases, measure every goal, and return the results as JSON-ready data.

    ``real`` adds P1 on the shared Zotero export when it is there; ``commands`` measures the
    command starts (P8), which do not depend on the base's size.
    """
    _warm_up()
    # The real file first, before the large generated bases fill the process's heap.
    found = real_bib() if real else None
    real_results = [p1(found, repeat, "P1z", strict=False)] if found is not None else []
    with tempfile.TemporaryDirectory(prefix="kevidence-bench-", dir=workdir) as tmp:
        full = generate(Path(tmp) / "full", sources, claims, seed).folder
        half = generate(Path(tmp) / "half", max(1, sources // 2), max(1, claims // 2), seed).folder
        results = [p1(full / "references.bib", repeat)]
        results.append(p2(full / "claims.json", repeat))
        results += p3(full, half, repeat)
        results += p4(full)
        results.append(p5(full))
        results.append(p6(full, repeat))
        results.append(p7(full, repeat))
        results += p9(full, repeat)
    if commands:
        results += p8(repeat)
    results += real_results
    return {
        "sizes": {"sources": sources, "claims": claims, "seed": seed, "repeat": repeat},
        "python": sys.version.split()[0],
        "machine": machine(),
        "results": [asdict(r) for r in results],
    }


def run_sizes(claim_counts: list[int], repeat: int, seed: int = 0) -> dict[str, Any]:
    """:func:`run` at each size (one source for every five claims), the size-independent goals
    at the smallest only, and how each measured amount grows from the smallest to the largest."""
    counts = sorted(set(claim_counts))
    runs = [run(max(1, n // 5), n, repeat, seed, real=i == 0, commands=i == 0) for i, n in enumerate(counts)]
    return {"machine": machine(), "runs": runs, "growth": growth(runs[0], runs[-1])}


def growth(small: dict[str, Any], large: dict[str, Any]) -> list[dict[str, Any]]:
    """For every goal measured at both sizes with an amount: the amount's growth, and that
    growth per claim (1.0 is linear; above it, faster than linear)."""
    n0, n1 = small["sizes"]["claims"], large["sizes"]["claims"]
    before = {r["goal"]: r for r in small["results"]}
    rows = []
    for result in large["results"]:
        a0, a1 = before.get(result["goal"], {}).get("amount"), result.get("amount")
        if a0 and a1:
            factor = a1 / a0
            rows.append({"goal": result["goal"], "from": a0, "to": a1, "claims": [n0, n1], "growth": factor,
                         "per_size": factor / (n1 / n0)})
    return rows


def describe_growth(per_size: float) -> str:
    """Words for a growth per unit of size: linear within a quarter, else better or worse."""
    if per_size < 0.8:
        return "better than linear"
    if per_size <= 1.25:
        return "linear"
    return f"faster than linear ({per_size:.2f}x per claim)"


def render_sizes(report: dict[str, Any]) -> str:
    """The ratios of every goal at each size, side by side, and their growth."""
    runs = report["runs"]
    sizes = [f"{r['sizes']['claims']:,}" for r in runs]
    grown = {g["goal"]: g for g in report["growth"]}
    order: list[str] = []
    cells: dict[str, dict[int, Result]] = {}
    for i, one in enumerate(runs):
        for raw in one["results"]:
            result = Result(**raw)
            key = goal_key(result)
            if key not in cells:
                order.append(key)
                cells[key] = {}
            cells[key][i] = result
    header = ("goal", "limit", *[f"{s} claims" for s in sizes], "growth")
    rows = [header]
    for key in order:
        limit = next(iter(cells[key].values())).limit
        ratios = []
        for i in range(len(runs)):
            r = cells[key].get(i)
            if r is None or r.ratio is None:
                ratios.append("")
            else:
                first = f" (first {r.first:.2f})" if r.first is not None and abs(r.first - r.ratio) >= 0.005 else ""
                ratios.append(f"{r.ratio:.2f}{' NO' if r.ok is False else ''}{first}")
        g = grown.get(key)
        rows.append((key, limit, *ratios, "" if g is None else f"x{g['growth']:.1f}: {describe_growth(g['per_size'])}"))
    m = report["machine"]
    return f"{m['date']}, {m['cores']} cores, {m['system']}, Python {m['python']}\n" + format_rows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"small base ({QUICK_SOURCES} sources, {QUICK_CLAIMS} claims)")
    parser.add_argument("--sources", type=int, help=f"sources in the base (default {DEFAULT_SOURCES})")
    parser.add_argument("--claims", type=int, help=f"claims in the base (default {DEFAULT_CLAIMS})")
    parser.add_argument("--sizes", metavar="N,N,...", help="run at each of these claim counts (one source for "
                        "every five claims) and report how each measure grows, e.g. 10000,50000,100000")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement; the best counts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON to FILE ('-': stdout)")
    args = parser.parse_args(argv)
    if args.sizes:
        try:
            counts = [int(n.replace("_", "")) for n in args.sizes.split(",")]
        except ValueError:
            parser.error(f"--sizes: {args.sizes!r} is not a list of claim counts, e.g. 10000,50000,100000")
        report = run_sizes(counts, max(1, args.repeat), args.seed)
        sys.stdout.write(render_sizes(report))
        _write_json(report, args.json)
        return 0
    sources = args.sources or (QUICK_SOURCES if args.quick else DEFAULT_SOURCES)
    claims = args.claims or (QUICK_CLAIMS if args.quick else DEFAULT_CLAIMS)
    report = run(sources, claims, max(1, args.repeat), args.seed)
    sys.stdout.write(render_table([Result(**r) for r in report["results"]]))
    _write_json(report, args.json)
    return 0


def _write_json(report: dict[str, Any], where: Path | None) -> None:
    if where is None:
        return
    text = json.dumps(report, indent=2) + "\n"
    if str(where) == "-":
        sys.stdout.write(text)
    else:
        where.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
