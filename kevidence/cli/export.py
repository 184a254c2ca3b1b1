"""The ``kevidence export`` and ``kevidence import`` commands: arguments, then one library call."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kevidence.cli.command import EXIT_OK, add_data_args, add_force_arg, check_output, load_base


def export_options(export: argparse.ArgumentParser) -> None:
    """The options of ``kevidence export``."""
    from kevidence.export import DEFAULT_BASE_IRI, FORMATS

    export.description = "Formats: " + "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())
    add_data_args(export)
    export.add_argument("--format", required=True, metavar="FORMAT", help="one of: " + ", ".join(FORMATS))
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write here (replaced in one step) instead of standard output; a folder for parquet")
    add_force_arg(export)
    export.add_argument("--claim", metavar="ID", help="only this claim's evidence graph (graph formats)")
    export.add_argument("--base-iri", default=DEFAULT_BASE_IRI, metavar="IRI",
                        help=f"base of the RDF IRIs (default: {DEFAULT_BASE_IRI}, a placeholder)")
    export.add_argument("--retractions", type=Path, metavar="CSV",
                        help="Retraction Watch CSV: listed sources are marked retracted (RDF, parquet)")
    export.set_defaults(func=cmd_export)


def import_options(imported: argparse.ArgumentParser) -> None:
    """The options of ``kevidence import``."""
    imported.add_argument("dir", type=Path, help="folder holding claims.json and references.bib")
    imported.add_argument("--format", required=True, choices=["csl-json", "ris"], help="the file's format")
    imported.add_argument("file", type=Path, help="the file to import, or - for standard input")
    imported.set_defaults(func=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    from kevidence.export import export, find_format


    chosen = find_format(args.format)  # an unknown format fails before the base is read
    kb = load_base(args)
    check_output(args.output, kb, args.force, folder_ok=chosen.load is None)  # parquet writes a folder
    retractions = None
    if args.retractions is not None:
        from kevidence.audit.retractions import load_retractions

        retractions = load_retractions(args.retractions)
    out = args.output if args.output is not None else sys.stdout
    export(kb, args.format, out, claim=args.claim, base_iri=args.base_iri, retractions=retractions)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from kevidence.export.cslimport import import_csl_json
    from kevidence.export.ris import import_ris
    from kevidence.kb import load

    kb = load(args.dir)
    text = sys.stdin.read() if str(args.file) == "-" else None
    importer = import_ris if args.format == "ris" else import_csl_json
    result = importer(kb, args.file if text is None else None, text=text)
    kb.save()
    for key in result.added:
        sys.stdout.write(f"added {key}\n")
    for skipped in result.skipped:
        sys.stdout.write(f"skipped {skipped.item_id}: {skipped.reason}\n")
    sys.stdout.write(f"{len(result.added)} added, {len(result.skipped)} already in the base\n")
    return EXIT_OK
