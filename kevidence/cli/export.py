"""The ``kevidence export`` and ``kevidence import`` commands: arguments, then one library call."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kevidence.cli.command import (
    EXIT_ERROR,
    EXIT_OK,
    add_data_args,
    add_force_arg,
    check_output,
    load_base,
    output_format,
    terminal_safe,
    to_stdout,
)

#: The export format each unambiguous ``-o`` extension names.
EXPORT_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".mmd": "mermaid", ".mermaid": "mermaid",
                   ".dot": "dot", ".gv": "dot", ".nq": "nquads", ".trig": "trig", ".ttl": "turtle",
                   ".jsonld": "jsonld", ".ris": "ris", ".bib": "bibtex"}
#: Extensions several formats write: ``--format`` must choose.
AMBIGUOUS_SUFFIXES = {".json": ["csl-json", "json"]}


def export_options(export: argparse.ArgumentParser) -> None:
    """The options of ``kevidence export``."""
    from kevidence.export import DEFAULT_BASE_IRI, DEFAULT_LICENSE, FORMATS

    export.description = "Formats: " + "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())
    add_data_args(export)
    export.add_argument("-f", "--format", metavar="FORMAT",
                        help="one of: " + ", ".join(FORMATS) + " (default: by -o's extension: "
                        + ", ".join(f"{suffix} {name}" for suffix, name in EXPORT_SUFFIXES.items()) + ")")
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write here (replaced in one step); - or none for standard output; a folder for parquet")
    add_force_arg(export)
    export.add_argument("--claim", metavar="ID", help="only this claim's evidence graph (graph formats)")
    export.add_argument("--base-iri", default=DEFAULT_BASE_IRI, metavar="IRI",
                        help=f"base of the RDF IRIs (default: {DEFAULT_BASE_IRI}, a placeholder)")
    export.add_argument("--license", default=DEFAULT_LICENSE, metavar="IRI",
                        help=f"the licence each RDF nanopublication states (default: {DEFAULT_LICENSE}, "
                        "CC BY 4.0); none states none. The time they state is SOURCE_DATE_EPOCH's, else now")
    export.add_argument("--retractions", type=Path, metavar="CSV",
                        help="Retraction Watch CSV: listed sources are marked retracted (RDF, parquet)")
    export.set_defaults(func=cmd_export)


class _Intermixed(argparse.ArgumentParser):
    """A parser that takes its positionals wherever they stand among the options, so that
    ``import DIR --format ris FILE`` and ``import FILE --claims C --bib B`` both read
    (plain argparse gives an optional DIR up before it sees FILE)."""

    _inside = False

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        if self._inside:  # the intermixed parse calls back here for each of its passes
            return super().parse_known_args(args, namespace)
        self._inside = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._inside = False


def import_options(imported: argparse.ArgumentParser) -> None:
    """The options of ``kevidence import``."""
    imported.__class__ = type("ImportParser", (_Intermixed, type(imported)), {})
    imported.add_argument("dir", type=Path, nargs="?", help="folder holding claims.json and references.bib")
    imported.add_argument("file", type=Path, help="the file to import, or - for standard input")
    imported.add_argument("--claims", type=Path, help="path of the claims file (overrides DIR/claims.json)")
    imported.add_argument("--bib", type=Path, help="path of the BibTeX file (overrides DIR/references.bib)")
    imported.add_argument("-f", "--format", choices=["csl-json", "ris"],
                          help="the file's format (default: read from the file: [ or { is CSL-JSON, TY  - is RIS)")
    imported.add_argument("--dry-run", action="store_true",
                          help="print what would be added and skipped, and write nothing")
    imported.set_defaults(func=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    from kevidence.errors import KevidenceError, Location, Problem
    from kevidence.export import export, find_format

    name = output_format(args.format, args.output, EXPORT_SUFFIXES, ambiguous=AMBIGUOUS_SUFFIXES)
    chosen = find_format(name)  # an unknown format fails before the base is read
    stdout = to_stdout(args.output)
    if chosen.load is None and stdout:
        raise KevidenceError(f"{chosen.name} cannot be written to standard output", [Problem(
            Location("-o -" if args.output is not None else "-o"), f"{chosen.name} writes a folder of binary tables",
            "name the folder with -o FOLDER")])
    kb = load_base(args)
    if not stdout:
        check_output(args.output, kb, args.force, folder_ok=chosen.load is None)  # parquet writes a folder
    retractions = None
    if args.retractions is not None:
        from kevidence.audit.retractions import load_retractions

        retractions = load_retractions(args.retractions)
    out = sys.stdout if stdout else args.output
    export(kb, name, out, claim=args.claim, base_iri=args.base_iri, retractions=retractions, license=args.license)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from kevidence.export.cslimport import import_csl_json
    from kevidence.export.ris import import_ris
    from kevidence.kb import load

    if args.dir is None and args.claims is None and args.bib is None:
        sys.stderr.write("kevidence import: error: name the base: DIR, or --claims and --bib\n")
        return EXIT_ERROR
    text = sys.stdin.read() if str(args.file) == "-" else None
    fmt = args.format or sniff_import_format(args.file, text)
    kb = load(args.dir, claims=args.claims, bib=args.bib)
    importer = import_ris if fmt == "ris" else import_csl_json
    result = importer(kb, args.file if text is None else None, text=text)
    if not args.dry_run:
        kb.save()
    would = "would add" if args.dry_run else "added"
    for key in result.added:
        sys.stdout.write(f"{would} {key}\n")
    for skipped in result.skipped:
        sys.stdout.write(f"{'would skip' if args.dry_run else 'skipped'} {skipped.item_id}: {skipped.reason}\n")
    sys.stdout.write(f"{len(result.added)} {'would be added' if args.dry_run else 'added'}, "
                     f"{len(result.skipped)} already in the base"
                     f"{' (dry run: nothing written)' if args.dry_run else ''}\n")
    return EXIT_OK


def sniff_import_format(path: Path, text: str | None = None) -> str:
    """The format of a file to import, read from its start (a byte-order mark allowed):
    ``[`` or ``{`` is CSL-JSON, ``TY  -`` is RIS; :class:`ExportError` naming what it saw otherwise."""
    from kevidence.errors import Location, Problem
    from kevidence.export import ExportError

    if text is None:
        with open(path, "rb") as stream:
            head = stream.read(4096).decode("utf-8", errors="replace")
    else:
        head = text[:4096]
    start = head.lstrip("\ufeff \t\r\n")
    if start[:1] in ("[", "{"):
        return "csl-json"
    if start.startswith("TY  -"):
        return "ris"
    seen = terminal_safe(start.split("\n", 1)[0][:40].rstrip("\r"))
    raise ExportError("cannot tell the file's format", [Problem(
        Location("<standard input>" if text is not None else str(path)),
        f'it starts with "{seen}"' if seen else "it is empty",
        "CSL-JSON starts with [ or {, RIS with 'TY  -'; or pass --format csl-json or --format ris")])
