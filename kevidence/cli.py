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
    from kevidence.progress import ProgressBar

    # The bar draws itself only on a terminal and only after about a second of loading.
    with ProgressBar(sys.stderr) as progress:
        return load(args.dir, claims=args.claims, bib=args.bib, strict=strict, progress=progress)


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
    for name in ("select", "ignore"):
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
