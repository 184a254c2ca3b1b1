"""The command line: parses arguments, calls the library, formats the result. No logic here.

Exit codes follow linters: 0 nothing at or above the failing severity, 1 findings,
2 the input could not be read (or the command was misused), 3 kevidence itself failed (a bug,
never a finding: one line asks for a report; ``--debug`` shows the traceback). Each command imports only what
it uses, so that ``kevidence rules`` does not wait for the graph or the parsers.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

from kevidence.cli.command import (
    AUDIT_SUFFIXES,
    EXIT_CODES,
    EXIT_CRASH,
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    add_findings_options,
    check_output,
    note_proposed,
    output_format,
    terminal_safe,
    to_stdout,
    write_output,
)
from kevidence.cli.command import add_data_args as _add_data_args
from kevidence.cli.command import colour as _colour
from kevidence.cli.command import edit_and_save as _edit_and_save
from kevidence.cli.command import load_base as _load
from kevidence.cli.command import split_values as _split
from kevidence.errors import KevidenceError

CITATION_FIELDS = ("stance", "locator", "quote", "attribution", "note")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def cmd_audit(args: argparse.Namespace) -> int:
    from kevidence.audit import Severity
    from kevidence.audit.config import audit_arguments
    from kevidence.audit.render import STREAMS

    kb = _load(args, strict=not args.lenient)
    if not to_stdout(args.output):
        check_output(args.output, kb, args.force)
    config = kb.audit_config(args.config)
    settings = {"stale-years": args.stale_years} if args.stale_years is not None else None
    report = kb.audit(**audit_arguments(config, select=_split(args.select), ignore=_split(args.ignore),
                                        settings=settings, retractions=args.retractions))
    fmt = output_format(args.format, args.output, AUDIT_SUFFIXES, default="text")
    write_output(args.output, STREAMS[fmt](report, colour=to_stdout(args.output) and _colour(sys.stdout)))
    note_proposed(kb, args)
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
    from kevidence.claims.schema import claims_schema

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
    changes = _citation_changes(args)
    _edit_and_save(args, lambda kb: kb.link(args.claim, args.key, **changes))
    sys.stdout.write(f"{args.claim} now cites {args.key}\n")
    return EXIT_OK


def cmd_citation(args: argparse.Namespace) -> int:
    changes = _citation_changes(args)
    if changes:
        kb, _ = _edit_and_save(args, lambda kb: kb.update_citation(args.claim, args.key, **changes))
    else:
        kb = _load(args)
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
    _edit_and_save(args, lambda kb: kb.unlink(args.claim, args.key))
    sys.stdout.write(f"{args.claim} no longer cites {args.key}\n")
    return EXIT_OK


def cmd_add_source(args: argparse.Namespace) -> int:
    if args.doi or args.pmid:
        from kevidence.cli.lookup import cmd_add_source_by_identifier

        return cmd_add_source_by_identifier(args)
    if args.entry is None:
        from kevidence.errors import Location, Problem

        raise KevidenceError("add-source needs an entry", [Problem(
            Location(None), "no BibTeX file, --doi or --pmid given",
            "pass a file holding entries, - for stdin, or --doi DOI / --pmid PMID")])
    text = sys.stdin.read() if str(args.entry) == "-" else _read_entry(args.entry)
    _, added = _edit_and_save(args, lambda kb: kb.add_sources(text))
    sys.stdout.write("".join(f"added {source.key}\n" for source in added))
    return EXIT_OK


def _read_entry(path: Path) -> str:
    from kevidence.claims.store import read_text

    return read_text(path, "BibTeX entry file")


def cmd_query(args: argparse.Namespace) -> int:
    kb = _load(args)
    table = kb.evidence_table(**query_arguments(args))
    sys.stdout.write(_render(table, args.format))
    return EXIT_OK


def cmd_trace(args: argparse.Namespace) -> int:
    kb = _load(args)
    sys.stdout.write(_render(kb.trace(args.claim), args.format))
    return EXIT_OK


def cmd_vocab(args: argparse.Namespace) -> int:
    from kevidence.claims.terms import LISTS, term_lists

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
            if entry.get("group"):
                details.append("a heading over distinct terms")
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
        return terminal_safe(str(value.to_markdown()))
    return terminal_safe(str(value.to_text()))


def add_query_options(parser: Any) -> None:
    """The ``kevidence query`` options, one per facet (an ``argparse`` parser)."""
    from kevidence.graph.query import FACETS

    for facet in FACETS:
        if facet.compare == "option":
            parser.add_argument(facet.option, dest=facet.name, action="store_false", default=facet.default,
                                help=facet.cli_help or facet.doc)
        elif facet.annotation == bool | None:  # a switch: the option asks for True
            parser.add_argument(facet.option, dest=facet.name, action="store_const", const=True, default=None,
                                help=facet.cli_help or facet.doc)
        elif facet.compare in ("one", "many"):
            parser.add_argument(facet.option, dest=facet.name, action="append", metavar=facet.metavar,
                                help=f"{facet.doc}; repeat or comma-separate for any of several")
        else:
            parser.add_argument(facet.option, dest=facet.name, type=facet.cli_type, metavar=facet.metavar,
                                help=facet.doc)


def query_arguments(namespace: Any) -> dict[str, Any]:
    """The keyword arguments of a query from parsed ``kevidence query`` options."""
    out: dict[str, Any] = {}
    from kevidence.graph.query import FACETS

    for facet in FACETS:
        value = getattr(namespace, facet.name, None)
        if isinstance(value, list):  # a repeatable, comma-separated option
            value = _split(value) or None
        out[facet.name] = value
    return out


def _add_citation_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stance", choices=["supports", "contradicts", "mentions"],
                        help="how the source bears on the claim (default: supports)")
    parser.add_argument("--locator", help="page or section in the source")
    parser.add_argument("--quote", help="the source's words, verbatim")
    parser.add_argument("--attribution", choices=["verified", "unverified", "unchecked"],
                        help="whether someone checked the source says it")
    parser.add_argument("--note", help="why the citation is as it is, for editors")


def _audit_options(audit: argparse.ArgumentParser) -> None:
    _add_data_args(audit)
    add_findings_options(audit, ["text", "json", "markdown", "github", "sarif"])
    audit.add_argument("--config", type=Path, metavar="TOML",
                       help="settings file (default: kevidence.toml, else pyproject.toml [tool.kevidence], beside the data)")
    audit.add_argument("--retractions", type=Path, metavar="CSV", help="Retraction Watch CSV to check sources against")
    audit.add_argument("--stale-years", type=int, metavar="N", help="flag sources older than N years (default 10)")
    audit.add_argument("--lenient", action="store_true",
                       help="report unreadable .bib blocks as bib-parse-error findings instead of stopping")
    audit.set_defaults(func=cmd_audit)


def _rules_options(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("rule", nargs="?", help="a rule code (KE001) or slug (unsourced-claim)")
    rules.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    rules.set_defaults(func=cmd_rules)


def _claim_and_key(parser: argparse.ArgumentParser) -> None:
    _add_data_args(parser)
    parser.add_argument("claim", help="claim id")
    parser.add_argument("key", help="BibTeX key")


def _link_options(link: argparse.ArgumentParser) -> None:
    _claim_and_key(link)
    _add_citation_options(link)
    link.set_defaults(func=cmd_link)


def _citation_options(citation: argparse.ArgumentParser) -> None:
    _claim_and_key(citation)
    _add_citation_options(citation)
    citation.add_argument("--clear", action="append", metavar="FIELDS",
                          help="remove these fields: " + ", ".join(CITATION_FIELDS) + " (comma-separated)")
    citation.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    citation.set_defaults(func=cmd_citation)


def _unlink_options(unlink: argparse.ArgumentParser) -> None:
    _claim_and_key(unlink)
    unlink.set_defaults(func=cmd_unlink)


def _add_source_options(add_source: argparse.ArgumentParser) -> None:
    _add_data_args(add_source)
    add_source.add_argument("entry", type=Path, nargs="?", help="file holding BibTeX entries, or - to read stdin")
    add_source.add_argument("--doi", help="look the entry up in Crossref (and PubMed) by its DOI instead of a file")
    add_source.add_argument("--pmid", help="look the entry up in PubMed (and Crossref) by its PMID instead of a file")
    add_source.add_argument("--offline", action="store_true",
                            help="use only the lookup cache; fail if an answer is not cached")
    add_source.set_defaults(func=cmd_add_source)


def _query_options(query: argparse.ArgumentParser) -> None:
    _add_data_args(query)
    add_query_options(query)
    query.add_argument("--format", choices=["text", "json", "markdown"], default="text", help="output format (default: text)")
    query.set_defaults(func=cmd_query)


def _trace_options(trace: argparse.ArgumentParser) -> None:
    trace.add_argument("claim", metavar="CLAIM_ID", help="id of the claim to trace")
    _add_data_args(trace)
    trace.add_argument("--format", choices=["text", "json", "markdown"], default="text", help="output format (default: text)")
    trace.set_defaults(func=cmd_trace)


def _vocab_options(vocab: argparse.ArgumentParser) -> None:
    from kevidence.claims.terms import LISTS

    *first, last = LISTS
    vocab.add_argument("list", nargs="?", metavar="LIST", help=f"{', '.join(first)} or {last} (default: all)")
    _add_data_args(vocab)
    vocab.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    vocab.set_defaults(func=cmd_vocab)


def _schema_options(schema: argparse.ArgumentParser) -> None:
    schema.set_defaults(func=cmd_schema)


def _elsewhere(target: str) -> Callable[[argparse.ArgumentParser], None]:
    """The options of a command defined in another module (``module:function``), read only
    when that command runs."""
    def populate(parser: argparse.ArgumentParser) -> None:
        module, _, function = target.partition(":")
        getattr(import_module(module), function)(parser)

    return populate


#: Every command: its name, one line of help, and the function that gives it its options.
COMMANDS: tuple[tuple[str, str, Callable[[argparse.ArgumentParser], None]], ...] = (
    ("init", "start an empty base in a folder", _elsewhere("kevidence.cli.base:init_options")),
    ("audit", "check the claims and sources; exit 1 on findings", _audit_options),
    ("rules", "list the audit rules, or show one rule's documentation", _rules_options),
    ("query", "find claims by facet and show their evidence table", _query_options),
    ("trace", "follow one claim to its evidence", _trace_options),
    ("vocab", "list the valid ids: vocabulary terms, kinds, stances, study designs", _vocab_options),
    ("document", "list, add, change or remove the documents claims are stated in",
     _elsewhere("kevidence.cli.base:document_options")),
    ("claim", "show a claim, change its kind, facets, level or relief, confirm or reject drafted claims",
     _elsewhere("kevidence.cli.base:claim_options")),
    ("term", "add a term of the base's own to a vocabulary (an intervention, condition, ...)",
     _elsewhere("kevidence.cli.base:term_options")),
    ("suppress", "switch one audit rule off for one claim, with the reason, and save",
     _elsewhere("kevidence.cli.base:suppress_options")),
    ("link", "make a claim cite a source, and save", _link_options),
    ("citation", "show a claim's citation of a source, or change its fields and save", _citation_options),
    ("unlink", "remove a claim's citation of a source, and save", _unlink_options),
    ("add-source", "add BibTeX entries (a file, - for stdin, or --doi/--pmid), all or none, and save",
     _add_source_options),
    ("lookup", "print BibTeX entries for DOIs or PMIDs from Crossref and PubMed",
     _elsewhere("kevidence.cli.lookup:lookup_options")),
    ("verify", "compare entries with their Crossref and PubMed records", _elsewhere("kevidence.cli.lookup:verify_options")),
    ("article", "check an article (text, Markdown, HTML) against the base, or draft claims from it",
     _elsewhere("kevidence.cli.article:article_options")),
    ("report", "write an HTML report: the article annotated with its evidence, or every claim",
     _elsewhere("kevidence.cli.report:report_options")),
    ("export", "write the base in a format other programs read (CSL-JSON, GraphML, RDF, ...)",
     _elsewhere("kevidence.cli.export:export_options")),
    ("import", "add the items of a CSL-JSON or RIS file (e.g. a Zotero export) as BibTeX entries, and save",
     _elsewhere("kevidence.cli.export:import_options")),
    ("schema", "print the JSON Schema of claims.json", _schema_options),
)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``kevidence`` command.

    Every command is listed, but only the one ``argv`` names gets its options (and imports
    what they need), so that a command starts without loading the others' libraries; with
    no ``argv`` every command gets its options.
    """
    from kevidence import __version__

    parser = _Parser(prog="kevidence", description="Evidence and citation knowledge base for clinic content.",
                     epilog=EXIT_CODES)
    parser.add_argument("--version", action="version", version=f"kevidence {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="on a failure of kevidence itself (exit 3), print the traceback")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    chosen = next((a for a in argv if not a.startswith("-")), None) if argv is not None else None
    for name, text, populate in COMMANDS:
        command = sub.add_parser(name, help=text)
        if argv is None or name == chosen:
            populate(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    _tolerant_output()
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    if not getattr(args, "func", None):
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
    except Exception as exc:  # a failure of kevidence itself is never reported as a finding
        if args.debug:
            traceback.print_exc()
        sys.stderr.write(f"kevidence: internal error ({type(exc).__name__}: {_one_line(exc)}); this is a bug in "
                         "kevidence, please report it with the command that caused it"
                         f"{'' if args.debug else ' (kevidence --debug ... shows the traceback)'}\n")
        return EXIT_CRASH


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:199] + "\u2026"


def _tolerant_output() -> None:
    """A terminal or pipe that cannot show a character gets an escape for it, not a crash
    (``PYTHONIOENCODING=ascii``, a C locale)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            reconfigure(errors="backslashreplace")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
