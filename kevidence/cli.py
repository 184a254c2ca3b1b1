"""The command line: parses arguments, calls the library, formats the result. No logic here.

Exit codes follow linters: 0 nothing at or above the failing severity, 1 findings,
2 the input could not be read (or the command was misused). Each command imports only what
it uses, so that ``kevidence rules`` does not wait for the graph or the parsers.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kevidence.errors import KevidenceError

if TYPE_CHECKING:
    from kevidence.kb import KnowledgeBase

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

CITATION_FIELDS = ("stance", "locator", "quote", "attribution", "note")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def _add_data_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", type=Path, help="folder holding claims.json and references.bib (default: the bundled data)")
    parser.add_argument("--claims", type=Path, help="path of the claims file (overrides DIR/claims.json)")
    parser.add_argument("--bib", type=Path, help="path of the BibTeX file (overrides DIR/references.bib)")


def _load(args: argparse.Namespace, strict: bool = True) -> KnowledgeBase:
    from kevidence.kb import load
    from kevidence.progress import ProgressBar

    # The bar draws itself only on a terminal and only after about a second of loading.
    with ProgressBar(sys.stderr) as progress:
        return load(args.dir, claims=args.claims, bib=args.bib, strict=strict, progress=progress)


def _colour(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def _split(values: Sequence[str] | None) -> list[str]:
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def cmd_audit(args: argparse.Namespace) -> int:
    from kevidence.audit import Severity
    from kevidence.audit.config import audit_arguments
    from kevidence.audit.render import render

    kb = _load(args, strict=not args.lenient)
    config = kb.audit_config(args.config)
    settings = {"stale-years": args.stale_years} if args.stale_years is not None else None
    report = kb.audit(**audit_arguments(config, select=_split(args.select), ignore=_split(args.ignore),
                                        settings=settings, retractions=args.retractions))
    sys.stdout.write(render(report, args.format, colour=_colour(sys.stdout)))
    fail_on = Severity(args.fail_on) if args.fail_on else (config.fail_on or Severity.ERROR)
    return EXIT_FINDINGS if report.at_or_above(fail_on) else EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from kevidence.audit.registry import find_rule, iter_rules, rule_names
    from kevidence.audit.render import render_rules
    from kevidence.errors import Location, Problem, did_you_mean

    chosen = list(iter_rules())
    if args.rule:
        found = find_rule(args.rule)
        if found is None:
            raise KevidenceError("unknown audit rule", [Problem(
                Location(None), f"no rule {args.rule!r}",
                did_you_mean(args.rule, rule_names(), "run 'kevidence rules' for the list"))])
        if args.format == "text":
            sys.stdout.write(found.doc())
            return EXIT_OK
        chosen = [found]
    if args.format == "json":
        payload = [r.to_dict() for r in chosen]
        sys.stdout.write(json.dumps(payload[0] if args.rule else payload, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    sys.stdout.write(render_rules())
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from kevidence.schema import claims_schema

    sys.stdout.write(json.dumps(claims_schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _citation_changes(args: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {name: getattr(args, name) for name in CITATION_FIELDS
                               if getattr(args, name, None) is not None}
    for name in _split(getattr(args, "clear", None)):
        if name not in CITATION_FIELDS:
            from kevidence.errors import Location, Problem, did_you_mean

            raise KevidenceError("nothing was changed", [Problem(
                Location(None), f"--clear names no citation field: {name!r}",
                did_you_mean(name, CITATION_FIELDS, "clear one of: " + ", ".join(CITATION_FIELDS)))])
        changes[name] = None
    return changes


def cmd_link(args: argparse.Namespace) -> int:
    kb = _load(args)
    kb.link(args.claim, args.key, **_citation_changes(args))
    kb.save()
    sys.stdout.write(f"{args.claim} now cites {args.key}\n")
    return EXIT_OK


def cmd_citation(args: argparse.Namespace) -> int:
    kb = _load(args)
    changes = _citation_changes(args)
    if changes:
        kb.update_citation(args.claim, args.key, **changes)
        kb.save()
    citation = kb.citation(args.claim, args.key)
    data = citation.model_dump(mode="json", exclude_none=True)
    if args.format == "json":
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        verb = "now cites" if changes else "cites"
        sys.stdout.write(f"{args.claim} {verb} {args.key}\n")
        sys.stdout.write("".join(f"  {k}: {v}\n" for k, v in data.items() if k != "source"))
    return EXIT_OK


def cmd_unlink(args: argparse.Namespace) -> int:
    kb = _load(args)
    kb.unlink(args.claim, args.key)
    kb.save()
    sys.stdout.write(f"{args.claim} no longer cites {args.key}\n")
    return EXIT_OK


def cmd_add_source(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if str(args.entry) == "-" else _read_entry(args.entry)
    kb = _load(args)
    added = kb.add_sources(text)
    kb.save()
    sys.stdout.write("".join(f"added {source.key}\n" for source in added))
    return EXIT_OK


def _read_entry(path: Path) -> str:
    from kevidence.claims.store import read_text

    return read_text(path, "BibTeX entry file")


def cmd_query(args: argparse.Namespace) -> int:
    from kevidence.query import query_arguments

    kb = _load(args)
    table = kb.evidence_table(**query_arguments(args))
    sys.stdout.write(_render(table, args.format))
    return EXIT_OK


def cmd_trace(args: argparse.Namespace) -> int:
    kb = _load(args)
    sys.stdout.write(_render(kb.trace(args.claim), args.format))
    return EXIT_OK


def cmd_vocab(args: argparse.Namespace) -> int:
    from kevidence.terms import LISTS, term_lists

    if args.list is not None and args.list not in LISTS and args.dir is None and Path(args.list).is_dir():
        args.list, args.dir = None, Path(args.list)  # `kevidence vocab DIR`: every list of that base
    vocabulary = _load(args).vocabulary
    lists = term_lists(vocabulary, args.list)
    if args.format == "json":
        sys.stdout.write(json.dumps(lists if args.list is None else lists[args.list], indent=2,
                                    ensure_ascii=False) + "\n")
        return EXIT_OK
    lines: list[str] = []
    for name, entries in lists.items():
        lines.append(f"{name}:")
        for entry in entries:
            details = []
            if entry.get("label"):
                details.append(entry["label"])
            if entry.get("level") is not None:
                details.append(f"CEBM level {entry['level']}")
            if entry.get("synonyms"):
                details.append("also: " + ", ".join(entry["synonyms"]))
            if entry.get("broader"):
                details.append("under: " + ", ".join(entry["broader"]))
            if entry.get("codes"):
                details.append(", ".join(f"{k} {v}" for k, v in entry["codes"].items()))
            lines.append(f"  {entry['id']}" + (f"  {'; '.join(details)}" if details else ""))
        lines.append("")
    sys.stdout.write("\n".join(lines))
    return EXIT_OK


def _render(value: Any, fmt: str) -> str:
    if fmt == "json":
        return str(value.to_json()) + "\n"
    if fmt == "markdown":
        return str(value.to_markdown())
    return str(value.to_text())


def _add_citation_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stance", choices=["supports", "contradicts", "mentions"],
                        help="how the source bears on the claim (default: supports)")
    parser.add_argument("--locator", help="page or section in the source")
    parser.add_argument("--quote", help="the source's words, verbatim")
    parser.add_argument("--attribution", choices=["verified", "unverified", "unchecked"],
                        help="whether someone checked the source says it")
    parser.add_argument("--note", help="why the citation is as it is, for editors")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``kevidence`` command."""
    from kevidence import __version__
    from kevidence.query import add_query_options

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
    _add_citation_options(link)
    link.set_defaults(func=cmd_link)

    citation = sub.add_parser("citation", help="show a claim's citation of a source, or change its fields and save")
    _add_data_args(citation)
    citation.add_argument("claim", help="claim id")
    citation.add_argument("key", help="BibTeX key")
    _add_citation_options(citation)
    citation.add_argument("--clear", action="append", metavar="FIELDS",
                          help="remove these fields: " + ", ".join(CITATION_FIELDS) + " (comma-separated)")
    citation.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    citation.set_defaults(func=cmd_citation)

    unlink = sub.add_parser("unlink", help="remove a claim's citation of a source, and save")
    _add_data_args(unlink)
    unlink.add_argument("claim", help="claim id")
    unlink.add_argument("key", help="BibTeX key")
    unlink.set_defaults(func=cmd_unlink)

    add_source = sub.add_parser("add-source", help="add BibTeX entries (from a file, or - for stdin), all or none, and save")
    _add_data_args(add_source)
    add_source.add_argument("entry", type=Path, nargs="?", help="file holding BibTeX entries, or - to read stdin")
    add_source.set_defaults(func=cmd_add_source)

    query = sub.add_parser("query", help="find claims by facet and show their evidence table")
    _add_data_args(query)
    add_query_options(query)
    query.add_argument("--format", choices=["text", "json", "markdown"], default="text", help="output format (default: text)")
    query.set_defaults(func=cmd_query)

    trace = sub.add_parser("trace", help="follow one claim to its evidence")
    trace.add_argument("claim", metavar="CLAIM_ID", help="id of the claim to trace")
    _add_data_args(trace)
    trace.add_argument("--format", choices=["text", "json", "markdown"], default="text", help="output format (default: text)")
    trace.set_defaults(func=cmd_trace)

    vocab = sub.add_parser("vocab", help="list the valid ids: vocabulary terms, kinds, stances, study designs")
    vocab.add_argument("list", nargs="?", metavar="LIST",
                       help="condition, pain-type, intervention, kind, setting, stance, attribution or study-design "
                            "(default: all)")
    _add_data_args(vocab)
    vocab.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    vocab.set_defaults(func=cmd_vocab)

    schema = sub.add_parser("schema", help="print the JSON Schema of claims.json")
    schema.set_defaults(func=cmd_schema)

    from kevidence.lookup.cli import add_parsers as add_lookup_parsers

    add_lookup_parsers(sub)  # lookup, verify, add-source --doi/--pmid
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
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
