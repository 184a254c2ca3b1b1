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
    parser.add_argument("--encoding", help="encoding of the BibTeX file, e.g. latin-1 (default: its '%% Encoding:' line, else UTF-8)")


def _load(args: argparse.Namespace, strict: bool = True):  # type: ignore[no-untyped-def]
    from kevidence.kb import load
    from kevidence.progress import ProgressBar

    # The bar draws itself only on a terminal and only after about a second of loading.
    with ProgressBar(sys.stderr) as progress:
        return load(args.dir, claims=args.claims, bib=args.bib, strict=strict, progress=progress,
                    encoding=args.encoding)


def _colour(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def cmd_audit(args: argparse.Namespace) -> int:
    from kevidence.audit import Severity
    from kevidence.audit.config import audit_arguments
    from kevidence.audit.render import render

    kb = _load(args, strict=not args.lenient)
    config = kb.audit_config(args.config)
    settings = {"stale-years": args.stale_years} if args.stale_years is not None else None
    report = kb.audit(**audit_arguments(config, select=args.select, ignore=args.ignore,
                                        settings=settings, retractions=args.retractions))
    sys.stdout.write(render(report, args.format, colour=_colour(sys.stdout)))
    fail_on = Severity(args.fail_on) if args.fail_on else (config.fail_on or Severity.ERROR)
    return EXIT_FINDINGS if report.at_or_above(fail_on) else EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from kevidence.audit import RULES, find_rule
    from kevidence.audit.render import render_rules
    from kevidence.errors import Location, Problem, closest

    if args.format == "json":
        from kevidence.audit import iter_rules

        chosen = [find_rule(args.rule)] if args.rule else list(iter_rules())
    if args.rule:
        found = find_rule(args.rule)
        if found is None:
            guess = closest(args.rule, [r.name for r in RULES.values()] + list(RULES))
            raise KevidenceError("unknown audit rule", [Problem(
                Location(None), f"no rule {args.rule!r}",
                f"did you mean {guess!r}?" if guess else "run 'kevidence rules' for the list")])
        if args.format == "text":
            sys.stdout.write(found.doc())
            return EXIT_OK
    if args.format == "json":
        payload = [r.as_dict() for r in chosen if r is not None]
        sys.stdout.write(json.dumps(payload[0] if args.rule else payload, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    sys.stdout.write(render_rules())
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from kevidence.schema import claims_schema

    sys.stdout.write(json.dumps(claims_schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def cmd_link(args: argparse.Namespace) -> int:
    kb = _load(args)
    kb.link(args.claim, args.key, stance=args.stance, locator=args.locator, quote=args.quote)
    kb.save()
    sys.stdout.write(f"{args.claim} now cites {args.key}\n")
    return EXIT_OK


def cmd_unlink(args: argparse.Namespace) -> int:
    kb = _load(args)
    kb.unlink(args.claim, args.key)
    kb.save()
    sys.stdout.write(f"{args.claim} no longer cites {args.key}\n")
    return EXIT_OK


def cmd_add_source(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if str(args.entry) == "-" else args.entry.read_text(encoding="utf-8")
    kb = _load(args)
    source = kb.add_source(text)
    kb.save()
    sys.stdout.write(f"added {source.key}\n")
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
    audit.add_argument("--format", choices=["text", "json", "markdown", "github", "sarif"], default="text",
                       help="output format (default: text)")
    audit.add_argument("--select", action="append", metavar="RULES", help="only these rules: codes, prefixes or slugs, comma-separated")
    audit.add_argument("--ignore", action="append", metavar="RULES", help="skip these rules: codes, prefixes or slugs, comma-separated")
    audit.add_argument("--fail-on", choices=["error", "warning", "info"], default=None,
                       help="lowest severity that makes the exit code 1 (default: the config's, else error)")
    audit.add_argument("--config", type=Path, metavar="TOML",
                       help="settings file (default: kevidence.toml, else pyproject.toml [tool.kevidence], beside the data)")
    audit.add_argument("--retractions", type=Path, metavar="CSV", help="Retraction Watch CSV to check sources against")
    audit.add_argument("--stale-years", type=int, metavar="N", help="flag sources older than N years (default 10)")
    audit.add_argument("--lenient", action="store_true",
                       help="report unreadable .bib blocks as bib-parse-error findings instead of stopping")
    audit.set_defaults(func=cmd_audit)

    rules = sub.add_parser("rules", help="list the audit rules, or show one rule's documentation")
    rules.add_argument("rule", nargs="?", help="a rule code (KE001) or slug (unsourced-claim)")
    rules.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    rules.set_defaults(func=cmd_rules)

    link = sub.add_parser("link", help="make a claim cite a source, and save")
    _add_data_args(link)
    link.add_argument("claim", help="claim id")
    link.add_argument("key", help="BibTeX key")
    link.add_argument("--stance", choices=["supports", "contradicts", "mentions"])
    link.add_argument("--locator", help="page or section in the source")
    link.add_argument("--quote", help="the source's words, verbatim")
    link.set_defaults(func=cmd_link)

    unlink = sub.add_parser("unlink", help="remove a claim's citation of a source, and save")
    _add_data_args(unlink)
    unlink.add_argument("claim", help="claim id")
    unlink.add_argument("key", help="BibTeX key")
    unlink.set_defaults(func=cmd_unlink)

    add_source = sub.add_parser("add-source", help="add one BibTeX entry (from a file, or - for stdin), and save")
    _add_data_args(add_source)
    add_source.add_argument("entry", type=Path, help="file holding one BibTeX entry, or - to read stdin")
    add_source.set_defaults(func=cmd_add_source)

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
    except OSError as exc:  # a file a user named could not be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"kevidence: error: {where}{exc.strerror or exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
