"""What a loaded claim costs in memory, field by field, on a generated base.

``python -m bench.claimcost [--sources N] [--claims M] [--seed S]`` generates a base (by
default the benchmark's 20,000 sources and 100,000 claims), loads it and prints a Markdown
table: the bytes per claim of the claim object itself and of each field's values, of the
base's other per-claim structures and of the sources (shared out over the claims), and the
process's resident memory per claim that P5 of ``bench.run`` measures, for comparison.

Sizes are ``sys.getsizeof`` of every object reachable from a claim, each object counted once
for the whole base, at the first field that reaches it: a value many claims share (an
interned vocabulary id, an enum member, ``None``, the empty tuple, a shared fields-set
record) costs next to nothing per claim. What the resident memory adds beyond the sum is the
memory allocator's own overhead and free space, and the interpreter's other objects.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: python bench/claimcost.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import DEFAULT_CLAIMS, DEFAULT_SOURCES, generate


@dataclass(frozen=True)
class Row:
    """One line of the table: what, and its bytes per claim."""

    what: str
    per_claim: float


class _Sizer:
    """Deep ``sys.getsizeof`` that counts each object once across every call."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    def __call__(self, *roots: Any) -> int:
        total, stack = 0, list(roots)
        while stack:
            obj = stack.pop()
            if id(obj) in self.seen or obj is None or isinstance(obj, (bool, Enum, type)):
                continue  # singletons and module-level constants belong to no claim
            self.seen.add(id(obj))
            total += sys.getsizeof(obj)
            if isinstance(obj, (tuple, list, set, frozenset)):
                stack.extend(obj)
            elif isinstance(obj, dict):
                stack.extend(obj.keys())
                stack.extend(obj.values())
            else:
                owned = getattr(obj, "__dict__", None)
                if owned is not None:
                    stack.append(owned)
                for name in ("__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"):
                    stack.append(getattr(obj, name, None))
        return total


def claim_cost(kb: Any) -> tuple[list[Row], int]:
    """The rows of the table for a loaded :class:`kevidence.KnowledgeBase`, and its number of claims."""
    from kevidence.claims.model import Claim

    claims = list(kb.claims.values())
    n = max(len(claims), 1)
    size = _Sizer()
    # Field names and the shared records first: they are the class's, not any claim's.
    size(*Claim.model_fields, *(c.__pydantic_fields_set__ for c in claims[:1]))
    rows = [Row("the claim object and its table of fields (`__dict__`, 17 entries)",
                sum(sys.getsizeof(c) + sys.getsizeof(c.__dict__) for c in claims) / n)]
    size.seen.update(id(o) for c in claims for o in (c, c.__dict__))  # counted above
    for name in Claim.model_fields:
        rows.append(Row(f"`{name}`", size(*(getattr(c, name) for c in claims)) / n))
    rows.append(Row("the pydantic fields-set records (shared by every claim that sets the same fields)",
                    size(*(c.__pydantic_fields_set__ for c in claims)) / n))
    files = kb._files
    rows.append(Row("the base's tables of claims (by id, and in file order)",
                    size(kb._claims, files.claims_file.claims) / n))
    rows.append(Row("the sources and the .bib text, shared out over the claims",
                    size(files.bib.text, files.bib.spans, kb._sources, files.bib.sources) / n))
    return rows, len(claims)


_PROBE = """
import gc, sys
sys.path.insert(0, {repo!r})
from bench.claimcost import claim_cost, resident
import kevidence, kevidence.audit
gc.collect()
before = resident()
kb = kevidence.load({folder!r})
gc.collect()
grown = resident() - before  # before the sizes are taken: their bookkeeping costs memory too
rows, n = claim_cost(kb)
print(n, grown)
for row in rows:
    print(row.per_claim, row.what)
"""


def resident() -> int:
    """The process's resident memory in bytes (Linux)."""
    import os

    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measured(folder: Path) -> tuple[list[Row], int, float]:
    """The rows, the number of claims, and the resident memory per claim of a fresh process
    that loads the base (as P5 of ``bench.run`` measures it, in a process of its own)."""
    import subprocess

    repo = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run([sys.executable, "-c", _PROBE.format(repo=repo, folder=str(folder))],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    n, grown = (int(v) for v in out[0].split())
    rows = [Row(what, float(per)) for per, what in (line.split(" ", 1) for line in out[1:])]
    return rows, n, grown / max(n, 1)


def render(rows: Iterable[Row], claims: int, resident_per_claim: float) -> str:
    """The Markdown table."""
    rows = list(rows)
    lines = ["| what | bytes per claim |", "|------|----------------:|"]
    lines += [f"| {r.what} | {r.per_claim:,.0f} |" for r in rows]
    counted = sum(r.per_claim for r in rows)
    lines.append(f"| **counted above** | **{counted:,.0f}** |")
    lines.append(f"| allocator overhead, free space and the rest (resident minus counted) | "
                 f"{resident_per_claim - counted:,.0f} |")
    lines.append(f"| **resident memory per claim ({claims:,} claims; P5)** | **{resident_per_claim:,.0f}** |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.claimcost", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=DEFAULT_SOURCES)
    parser.add_argument("--claims", type=int, default=DEFAULT_CLAIMS)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kevidence-claimcost-") as tmp:
        folder = generate(Path(tmp) / "base", args.sources, args.claims, args.seed).folder
        rows, claims, per_claim = measured(folder)
    sys.stdout.write(render(rows, claims, per_claim))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
