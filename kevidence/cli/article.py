"""The ``kevidence article check`` and ``kevidence article draft`` commands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kevidence.cli.command import (
    AUDIT_SUFFIXES,
    EXIT_FINDINGS,
    EXIT_OK,
    add_data_args,
    add_findings_options,
    add_force_arg,
    check_output,
    colour,
    load_base,
    note_proposed,
    output_format,
    split_values,
    to_stdout,
    write_output,
)

FORMATS = ["text", "json", "markdown", "github", "sarif"]


def article_options(article: argparse.ArgumentParser) -> None:
    """The ``article check`` and ``article draft`` commands under ``kevidence article``."""
    commands = article.add_subparsers(dest="article_command", metavar="COMMAND", parser_class=type(article))
    article.set_defaults(func=lambda args: _usage(article))

    check = commands.add_parser("check", help="check the article's markers, references, sentences and quotations; exit 1 on findings")
    check.add_argument("article", type=Path, metavar="ARTICLE", help="the article file (.txt, .md, .html)")
    add_data_args(check)
    _add_common(check)
    add_findings_options(check, list(FORMATS))
    check.add_argument("--config", type=Path, metavar="TOML", help="settings file (default: beside the data)")
    check.set_defaults(func=cmd_check)

    draft = commands.add_parser("draft", help="propose claims for the article's sentences that no claim records")
    draft.add_argument("article", type=Path, metavar="ARTICLE", help="the article file (.txt, .md, .html)")
    add_data_args(draft)
    _add_common(draft, document_required=True)  # with --write, a new id adds the document
    out = draft.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the proposed claims to FILE as JSON (- for standard output, as without -o)")
    out.add_argument("--write", action="store_true", help="add the proposed claims to claims.json and save")
    add_force_arg(draft)
    draft.set_defaults(func=cmd_draft)


def _add_common(parser: argparse.ArgumentParser, document_required: bool = False) -> None:
    parser.add_argument("--document", required=document_required, metavar="ID",
                        help="the claims file's document the article is"
                        + ("" if document_required else " (default: the one whose path or title it has)"))
    parser.add_argument("--article-format", choices=["text", "markdown", "html"], default=None,
                        help="read the article as this format (default: by its suffix, else its start)")


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def cmd_check(args: argparse.Namespace) -> int:
    from kevidence.article.check import check_article
    from kevidence.audit import Severity
    from kevidence.audit.config import audit_arguments

    kb = load_base(args)
    if not to_stdout(args.output):
        check_output(args.output, kb, args.force)
    fmt = output_format(args.format, args.output, AUDIT_SUFFIXES, default="text")
    config = kb.audit_config(args.config)
    options = audit_arguments(config, select=split_values(args.select), ignore=split_values(args.ignore))
    report = check_article(kb, args.article, args.document, format=args.article_format, **options)
    write_output(args.output, report.render(fmt, colour=to_stdout(args.output) and colour(sys.stdout)))
    note_proposed(kb, args)
    fail_on = Severity(args.fail_on) if args.fail_on else (config.fail_on or Severity.ERROR)
    return EXIT_FINDINGS if report.at_or_above(fail_on) else EXIT_OK


def cmd_draft(args: argparse.Namespace) -> int:
    from kevidence.article.draft import draft_claims, write_drafts
    from kevidence.store.atomic import write_atomic

    kb = load_base(args)
    if not to_stdout(args.output):
        check_output(args.output, kb, args.force)
    known = args.document in kb.documents
    drafted = draft_claims(kb, args.article, args.document, format=args.article_format, new_document=args.write)
    if args.write:
        if not known:
            sys.stdout.write(f"added document {args.document}: {kb.documents[args.document].title}\n")
        ids = write_drafts(kb, drafted)
        sys.stdout.write(f"added {len(ids)} proposed claims to {kb.claims_path}\n" if ids
                         else "No new claims: every stated sentence is recorded.\n")
        if ids:
            folder = f" {args.dir}" if args.dir is not None else ""
            sys.stdout.write(f"next: kevidence query{folder} --document {args.document} --proposed, then "
                             f"kevidence claim confirm{folder} ID (claim set to correct one, claim reject to drop it)\n")
        return EXIT_OK
    text = json.dumps({"claims": [d.claim for d in drafted]}, indent=2, ensure_ascii=False) + "\n"
    if not to_stdout(args.output):
        write_atomic(args.output, text.encode("utf-8"))
        sys.stdout.write(f"wrote {len(drafted)} proposed claims to {args.output}\n")
    else:
        sys.stdout.write(text)
    return EXIT_OK
