"""The ``kevidence report`` command: write the HTML report of a base, or of an article checked
against it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kevidence.cli.command import EXIT_OK, add_data_args, add_force_arg, check_output, load_base, to_stdout


def report_options(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``kevidence report``."""
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="[ARTICLE] DIR: the folder holding claims.json and references.bib (default: the "
                        "bundled data), after the article to annotate if any (as 'kevidence article check' takes them)")
    add_data_args(parser, folder=False)
    parser.add_argument("--article", type=Path, metavar="FILE",
                        help="annotate this article (.txt, .md, .html) with its evidence; without it, every claim")
    parser.add_argument("--document", metavar="ID",
                        help="the claims file's document the article is (default: the one whose path or title it has)")
    parser.add_argument("--article-format", choices=["text", "markdown", "html"], default=None,
                        help="read the article as this format (default: by its suffix, else its start)")
    parser.add_argument("-o", "--output", type=Path, default=Path("report.html"), metavar="FILE",
                        help="the HTML file to write (default: report.html); - for standard output")
    add_force_arg(parser)
    parser.add_argument("--select", action="append", metavar="RULES", help="only these rules: codes, prefixes or slugs, comma-separated")
    parser.add_argument("--ignore", action="append", metavar="RULES", help="skip these rules: codes, prefixes or slugs, comma-separated")
    parser.add_argument("--config", type=Path, metavar="TOML", help="settings file (default: beside the data)")
    parser.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from kevidence.audit.config import audit_arguments
    from kevidence.report.model import build_report
    from kevidence.report.render import render_report, write_report

    _positional(args)
    kb = load_base(args)
    stdout = to_stdout(args.output)
    if not stdout:
        check_output(args.output, kb, args.force)
    config = kb.audit_config(args.config)
    options = audit_arguments(config, select=args.select, ignore=args.ignore)
    report = build_report(kb, args.article, args.document, format=args.article_format, **options)
    if stdout:
        sys.stdout.write(render_report(report))
    else:
        write_report(report, args.output)
    counts = report.by_severity
    what = f"{args.article}" if args.article else _count(report.claims_in_scope, "claim")
    totals = ", ".join(_count(n, severity) for severity, n in counts.items())
    # The summary goes where it does not mix with the page.
    (sys.stderr if stdout else sys.stdout).write(f"wrote {'standard output' if stdout else args.output} ({what}; {_count(sum(counts.values()), 'finding')}: {totals})\n")
    return EXIT_OK


def _positional(args: argparse.Namespace) -> None:
    """``DIR``, ``ARTICLE DIR`` or ``ARTICLE`` (a file: the bundled data) into ``args.dir`` and
    ``args.article``."""
    from kevidence.errors import KevidenceError, Location, Problem

    paths: list[Path] = args.paths
    article = None
    if len(paths) == 2 or (len(paths) == 1 and paths[0].is_file()):
        article, *paths = paths
    if len(paths) > 1:
        raise KevidenceError("too many paths", [Problem(
            Location(None), " ".join(map(str, args.paths)), "give at most an article and a folder: ARTICLE DIR")])
    if article is not None and args.article is not None:
        raise KevidenceError("two articles", [Problem(
            Location(None), f"{article} and --article {args.article}", "name the article once")])
    args.dir = paths[0] if paths else None
    args.article = article if article is not None else args.article


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
