"""The command line: parses arguments, calls the library, formats the result. No logic here.

Exit codes follow linters: 0 nothing at or above the failing severity, 1 findings,
2 the input could not be read (or the command was misused).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kevidence.errors import KevidenceError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def _add_data_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", type=Path, help="folder holding claims.json and references.bib (default: the bundled data)")
    parser.add_argument("--claims", type=Path, help="path of the claims file (overrides DIR/claims.json)")
    parser.add_argument("--bib", type=Path, help="path of the BibTeX file (overrides DIR/references.bib)")


def _load(args: argparse.Namespace, strict: bool = True):  # type: ignore[no-untyped-def]
    from kevidence.kb import load

    return load(args.dir, claims=args.claims, bib=args.bib, strict=strict)


def _colour(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def cmd_audit(args: argparse.Namespace) -> int:
    from kevidence.audit import Severity
    from kevidence.audit.render import RENDERERS

    kb = _load(args)
    report = kb.audit(select=args.select or None, ignore=args.ignore or None)
    sys.stdout.write(RENDERERS[args.format](report, colour=_colour(sys.stdout)))
    failing = report.at_or_above(Severity(args.fail_on))
    return EXIT_FINDINGS if failing else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from kevidence.schema import claims_schema

    sys.stdout.write(json.dumps(claims_schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    kb = _load(args)
    table = kb.evidence_table(
        condition=args.condition or None, pain_type=args.pain_type or None,
        intervention=args.intervention or None, kind=args.kind or None,
        setting=args.setting or None, cites=args.cites or None, stance=args.stance or None,
        min_relief=args.min_relief, max_relief=args.max_relief,
        evidence_level=args.evidence_level, supportable_level=args.supportable_level,
        include_narrower=not args.exact,
    )
    sys.stdout.write(_render(table, args.format))
    return EXIT_OK


def cmd_trace(args: argparse.Namespace) -> int:
    kb = _load(args)
    sys.stdout.write(_render(kb.trace(args.claim), args.format))
    return EXIT_OK


def _render(value: object, fmt: str) -> str:
    if fmt == "json":
        return value.to_json() + "\n"  # type: ignore[attr-defined]
    if fmt == "markdown":
        return value.to_markdown()  # type: ignore[attr-defined]
    return value.to_text()  # type: ignore[attr-defined]


def _add_query_args(parser: argparse.ArgumentParser) -> None:
    facets = (
        ("--condition", "condition id, e.g. crps (includes narrower conditions)"),
        ("--pain-type", "pain-type id, e.g. neuropathic"),
        ("--intervention", "intervention id, e.g. ketamine-iv"),
        ("--kind", "claim kind, e.g. efficacy"),
        ("--setting", "inpatient, outpatient or home"),
        ("--cites", "BibTeX key of a cited source"),
        ("--stance", "citation stance: supports, contradicts or mentions"),
    )
    for flag, text in facets:
        parser.add_argument(flag, action="append", metavar="VALUE",
                            help=f"{text}; repeat or comma-separate for any of several")
    parser.add_argument("--min-relief", metavar="ISO", help="relief lower bound at least this long, e.g. P2W")
    parser.add_argument("--max-relief", metavar="ISO", help="relief upper bound at most this long, e.g. P3M")
    parser.add_argument("--evidence-level", type=int, metavar="N", help="asserted CEBM level N or stronger (1-5)")
    parser.add_argument("--supportable-level", type=int, metavar="N",
                        help="best level the sources support is N or stronger (1-5)")
    parser.add_argument("--exact", action="store_true", help="do not include narrower vocabulary terms")


def _split(values: Sequence[str] | None) -> list[str]:
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``kevidence`` command."""
    from kevidence import __version__

    parser = _Parser(prog="kevidence", description="Evidence and citation knowledge base for clinic content.")
    parser.add_argument("--version", action="version", version=f"kevidence {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    audit = sub.add_parser("audit", help="check the claims and sources; exit 1 on findings")
    _add_data_args(audit)
    audit.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    audit.add_argument("--select", action="append", metavar="RULES", help="only these rules: codes, prefixes or slugs, comma-separated")
    audit.add_argument("--ignore", action="append", metavar="RULES", help="skip these rules: codes, prefixes or slugs, comma-separated")
    audit.add_argument("--fail-on", choices=["error", "warning", "info"], default="error",
                       help="lowest severity that makes the exit code 1 (default: error)")
    audit.set_defaults(func=cmd_audit)

    query = sub.add_parser("query", help="find claims by facet and show their evidence table")
    _add_data_args(query)
    _add_query_args(query)
    query.add_argument("--format", choices=["text", "json", "markdown"], default="text", help="output format (default: text)")
    query.set_defaults(func=cmd_query)

    trace = sub.add_parser("trace", help="follow one claim to its evidence")
    trace.add_argument("claim", metavar="CLAIM_ID", help="id of the claim to trace")
    _add_data_args(trace)
    trace.add_argument("--format", choices=["text", "json", "markdown"], default="text", help="output format (default: text)")
    trace.set_defaults(func=cmd_trace)

    schema = sub.add_parser("schema", help="print the JSON Schema of claims.json")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    for name in ("select", "ignore", "condition", "pain_type", "intervention", "kind", "setting", "cites", "stance"):
        if hasattr(args, name):
            setattr(args, name, _split(getattr(args, name)))
    try:
        return int(args.func(args))
    except KevidenceError as exc:
        sys.stderr.write(f"kevidence: error: {exc}\n")
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
