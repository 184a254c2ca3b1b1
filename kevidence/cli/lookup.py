"""The ``lookup`` and ``verify`` commands, and the ``--doi``/``--pmid`` options of ``add-source``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kevidence.cli.command import EXIT_FINDINGS, EXIT_OK, add_data_args, add_fail_on, colour, edit_and_save, load_base
from kevidence.errors import (
    DataFileError,
    KevidenceError,
    Location,
    Problem,
    display_path,
)

if TYPE_CHECKING:
    from kevidence.kb import KnowledgeBase
    from kevidence.sources.model import Source


def _session(args: argparse.Namespace, folder: Path | None) -> Any:
    from kevidence.lookup.session import LookupSession
    from kevidence.lookup.settings import lookup_settings

    return LookupSession(lookup_settings(folder, getattr(args, "config", None)), offline=args.offline)


def _folder(kb: Any) -> Path | None:
    return kb.claims_path.parent if kb.claims_path is not None else None


def _style_and_keys(bib_path: Path | None) -> tuple[Any, list[str]]:
    """The style new entries follow and the keys they must not take (defaults without a file)."""
    from kevidence.sources.bibtex import load_bib
    from kevidence.sources.writer import BibStyle, detect_style

    if bib_path is None or not bib_path.is_file():
        return BibStyle(), []
    bib = load_bib(bib_path, strict=False)
    return detect_style(bib.text, bib.spans or []), list(bib.sources)


def _already_held(kb: Any, reference: Any) -> None:
    for key, source in kb.sources.items():
        same = (f"DOI {reference.doi}" if reference.doi and source.doi == reference.doi
                else f"PMID {reference.pmid}" if reference.pmid and source.pmid == reference.pmid else None)
        if same:
            raise KevidenceError("the reference is already in the base", [Problem(
                kb.source_location(key), f"entry {key!r} has {same}",
                "run 'kevidence verify --write' to check it against the registries")])


def cmd_lookup(args: argparse.Namespace) -> int:
    from kevidence.kb import bundled_data_dir
    from kevidence.lookup.entry import citation_key, entry_text

    if args.dir is not None and not args.dir.is_dir():
        raise DataFileError("data folder not found", [Problem(
            Location(display_path(args.dir)), "no such folder", "pass the folder holding references.bib")])
    folder = args.dir if args.dir is not None else (None if args.bib else bundled_data_dir())
    session = _session(args, folder)
    references = [session.reference(identifier) for identifier in args.identifiers]
    session.commit()
    style, taken = _style_and_keys(args.bib or (folder / "references.bib" if folder else None))
    entries = []
    for reference in references:
        key = citation_key(reference, taken)
        taken.append(key)
        entries.append(entry_text(reference, key, style))
    sys.stdout.write(style.separator.join(entries) + style.newline)
    return EXIT_OK


def cmd_add_source_by_identifier(args: argparse.Namespace) -> int:
    """``add-source --doi X`` / ``--pmid N``: look the entry up, add it, save."""
    identifiers = [i for i in (args.doi, args.pmid) if i]
    if args.entry is not None or len(identifiers) > 1:
        raise KevidenceError("add-source takes one entry", [Problem(
            Location(None), "give a BibTeX file, --doi or --pmid, not several",
            "add one reference per command")])

    from kevidence.lookup.entry import citation_key, entry_text

    kb = load_base(args)
    session = _session(args, _folder(kb))
    reference = session.reference(identifiers[0])

    def add(kb: KnowledgeBase) -> Source:
        _already_held(kb, reference)
        key = citation_key(reference, list(kb.sources))
        return kb.add_source(entry_text(reference, key, _style_and_keys(kb.bib_path)[0]))

    _, source = edit_and_save(args, add)
    session.commit()
    design = source.field("studydesign")
    proposed = f" (study design {design} proposed: confirm it, then move it to 'verified')" if design else ""
    sys.stdout.write(f"added {source.key}{proposed}\n")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from kevidence.audit.model import Severity
    from kevidence.audit.render import render
    from kevidence.lookup.verify import record_verified, verify

    kb = load_base(args)
    config = kb.audit_config(args.config)
    session = _session(args, _folder(kb))
    result = verify(kb, session, severities=config.severities or None)
    sys.stdout.write(render(result.report, args.format, colour=colour(sys.stdout)))
    if args.write:
        applied = record_verified(kb, result.lookups)
        if applied:
            kb.save()
        for key, changes in applied.items():
            fields = ", ".join(changes)
            sys.stderr.write(f"{key}: wrote {fields}\n")
        shown = display_path(kb.bib_path) or "the .bib"
        sys.stderr.write(f"verify: {len(applied)} of {len(result.lookups)} entries updated in {shown}\n")
    fail_on = Severity(args.fail_on) if args.fail_on else (config.fail_on or Severity.ERROR)
    return EXIT_FINDINGS if result.report.at_or_above(fail_on) else EXIT_OK


_OFFLINE = "use only the lookup cache; fail if an answer is not cached"


def lookup_options(lookup: argparse.ArgumentParser) -> None:
    """The options of ``kevidence lookup``."""
    lookup.add_argument("identifiers", nargs="+", metavar="DOI|PMID", help="DOIs (10.x/..., doi.org links) or PMIDs")
    lookup.add_argument("--dir", type=Path, help="data folder whose .bib style, keys and settings to follow (default: the bundled data)")
    lookup.add_argument("--bib", type=Path, help="BibTeX file whose style and keys to follow")
    lookup.add_argument("--config", type=Path, metavar="TOML", help="settings file holding a [lookup] table")
    lookup.add_argument("--offline", action="store_true", help=_OFFLINE)
    lookup.set_defaults(func=cmd_lookup)


def verify_options(verify: argparse.ArgumentParser) -> None:
    """The options of ``kevidence verify``."""
    add_data_args(verify)
    verify.add_argument("--write", action="store_true",
                        help="record agreeing fields in 'verified' (with 'verifieddate') and abstracts, and save")
    verify.add_argument("--offline", action="store_true", help=_OFFLINE)
    verify.add_argument("--format", choices=["text", "json", "markdown", "github", "sarif"], default="text",
                        help="output format of the findings (default: text)")
    add_fail_on(verify)
    verify.add_argument("--config", type=Path, metavar="TOML", help="settings file (default: kevidence.toml beside the data)")
    verify.set_defaults(func=cmd_verify)
