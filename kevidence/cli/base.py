"""Commands that start and grow a base without editing JSON by hand: ``init``, ``document``,
``claim`` and ``suppress``. Each calls the library's edit (checked first, saved losslessly)
and prints what it did."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kevidence.kb import KnowledgeBase

from kevidence.cli.command import EXIT_OK, add_data_args, edit_and_save, load_base, split_values, terminal_safe

DOCUMENT_FIELDS = ("title", "publisher", "url", "path", "note")
# claim fields `claim set` changes, with the option that sets each (a list for a facet of many)
_CLAIM_OPTIONS: tuple[tuple[str, str, str, bool], ...] = (
    # (field, option, help, many)
    ("statement", "--statement", "the claim in plain words", False),
    ("kind", "--kind", "efficacy, mechanism, safety, contraindication, definition, background or service", False),
    ("intervention", "--intervention", "an intervention id (kevidence vocab intervention)", False),
    ("conditions", "--condition", "condition ids (kevidence vocab condition); replaces the list", True),
    ("pain_types", "--pain-type", "pain type ids (kevidence vocab pain-type); replaces the list", True),
    ("populations", "--population", "population ids (kevidence vocab population); replaces the list", True),
    ("relief", "--relief", "how long relief lasts, in the article's words (e.g. 'several weeks')", False),
    ("quote", "--quote", "the article's words, verbatim", False),
    ("note", "--note", "what editors should know about the claim", False),
)
CLAIM_CLEARABLE = ("quote", "intervention", "conditions", "pain_types", "populations", "relief", "evidence",
                   "setting", "note", "suppressions")


# -- init ------------------------------------------------------------------------------------------

def init_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, metavar="DIR", help="folder for the new base (made if missing)")
    parser.set_defaults(func=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    from kevidence.kb import create

    create(args.dir)
    sys.stdout.write(f"created an empty base in {args.dir}: claims.json, claims.schema.json, references.bib\n"
                     f"next: kevidence article draft ARTICLE {args.dir} --document ID --write\n")
    return EXIT_OK


# -- document --------------------------------------------------------------------------------------

def document_options(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="list the base's documents")
    add_data_args(listing)
    listing.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    listing.set_defaults(func=cmd_document_list)
    add = sub.add_parser("add", help="add a document (an article, leaflet or web page), and save")
    _document_target(add)
    add.set_defaults(func=cmd_document_add)
    change = sub.add_parser("set", help="change a document's fields, and save")
    _document_target(change)
    change.add_argument("--clear", action="append", metavar="FIELDS",
                        help="remove these fields: " + ", ".join(f for f in DOCUMENT_FIELDS if f != "title"))
    change.set_defaults(func=cmd_document_set)
    remove = sub.add_parser("remove", help="remove a document no claim is stated in, and save")
    add_data_args(remove)
    remove.add_argument("id", metavar="ID", help="document id")
    remove.set_defaults(func=cmd_document_remove)


def _document_target(parser: argparse.ArgumentParser) -> None:
    add_data_args(parser)
    parser.add_argument("id", metavar="ID", help="document id: a short slug such as scs-leaflet")
    for name in DOCUMENT_FIELDS:
        parser.add_argument(f"--{name}", help={
            "title": "the document's title, verbatim", "publisher": "who publishes it",
            "url": "where it is published", "path": "its text kept with the data, relative to claims.json",
            "note": "what is known about it"}[name])


def cmd_document_list(args: argparse.Namespace) -> int:
    kb = load_base(args)
    rows = [d.model_dump(mode="json", exclude_none=True) for d in kb.documents.values()]
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    if not rows:
        sys.stdout.write("no documents (add one: kevidence document add DIR ID --title TITLE)\n")
    for row in rows:
        stated = sum(1 for c in kb.claims.values() if any(s.document == row["id"] for s in c.stated_in))
        sys.stdout.write(f"{row['id']}: {terminal_safe(row['title'])} ({stated} claims)\n")
        sys.stdout.write("".join(f"  {k}: {terminal_safe(str(v))}\n" for k, v in row.items() if k not in ("id", "title")))
    return EXIT_OK


def cmd_document_add(args: argparse.Namespace) -> int:
    fields = {name: getattr(args, name) for name in DOCUMENT_FIELDS if getattr(args, name) is not None}
    _, document = edit_and_save(args, lambda kb: kb.add_document({"id": args.id, **fields}))
    sys.stdout.write(f"added document {document.id}\n")
    return EXIT_OK


def cmd_document_set(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {name: getattr(args, name) for name in DOCUMENT_FIELDS if getattr(args, name) is not None}
    changes.update(_cleared(args.clear, tuple(f for f in DOCUMENT_FIELDS if f != "title"), "document"))
    edit_and_save(args, lambda kb: kb.update_document(args.id, **changes))
    sys.stdout.write(f"document {args.id} " + ("changed" if changes else "unchanged (no option given)") + "\n")
    return EXIT_OK


def cmd_document_remove(args: argparse.Namespace) -> int:
    edit_and_save(args, lambda kb: kb.remove_document(args.id))
    sys.stdout.write(f"removed document {args.id}\n")
    return EXIT_OK


# -- claim ------------------------------------------------------------------------------------------

def claim_options(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="show a claim as the claims file holds it")
    add_data_args(show)
    show.add_argument("id", metavar="ID", help="claim id")
    show.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    show.set_defaults(func=cmd_claim_show)
    change = sub.add_parser("set", help="change a claim's kind, facets, level, relief, ..., and save")
    add_data_args(change)
    change.add_argument("id", metavar="ID", help="claim id")
    for field, option, text, many in _CLAIM_OPTIONS:
        change.add_argument(option, dest=field, action="append" if many else "store",
                            help=text + ("; repeat or comma-separate" if many else ""))
    change.add_argument("--level", type=int, choices=range(1, 6), metavar="N",
                        help="the CEBM 2011 level (1-5) the article asserts for the claim")
    change.add_argument("--clear", action="append", metavar="FIELDS",
                        help="remove these fields: " + ", ".join(CLAIM_CLEARABLE) + " (comma-separated)")
    change.set_defaults(func=cmd_claim_set)
    for name, text, func in (
        ("confirm", "accept drafted claims as they are (drop their proposed mark), and save", cmd_claim_confirm),
        ("reject", "drop drafted or unwanted claims from the base, and save", cmd_claim_reject),
    ):
        action = sub.add_parser(name, help=text)
        add_data_args(action)
        action.add_argument("ids", nargs="+", metavar="ID", help="claim ids")
        action.set_defaults(func=func)


def cmd_claim_show(args: argparse.Namespace) -> int:
    from kevidence.claims.writer import claim_payload

    kb = load_base(args)
    claim = kb.claim(args.id)
    payload = claim_payload(claim)
    if args.format == "json":
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    where = kb.claim_location(claim.id)
    lines = [f"{claim.id} ({where})"]
    lines += [f"  {name}: {terminal_safe(_shown(value))}" for name, value in payload.items() if name != "id"]
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def cmd_claim_set(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    for field, _, _, many in _CLAIM_OPTIONS:
        value = getattr(args, field)
        if value is not None:
            changes[field] = split_values(value) if many else value
    changes.update(_cleared(args.clear, CLAIM_CLEARABLE, "claim"))

    def change(kb: KnowledgeBase) -> None:
        edits = dict(changes)
        if args.level is not None:  # the level within what the claim already asserts
            old = kb.claim(args.id).evidence
            edits["evidence"] = {**(old.model_dump(mode="json", exclude_none=True) if old else {}), "level": args.level}
        kb.update_claim(args.id, **edits)

    edit_and_save(args, change)
    changed = [*changes, *(["evidence"] if args.level is not None else [])]
    sys.stdout.write(f"claim {args.id} " + ("changed: " + ", ".join(changed) if changed else
                                              "unchanged (no option given)") + "\n")
    return EXIT_OK


def cmd_claim_confirm(args: argparse.Namespace) -> int:
    def confirm(kb: KnowledgeBase) -> None:
        for claim_id in args.ids:
            if kb.claim(claim_id).review is not None:
                kb.update_claim(claim_id, review=None)

    edit_and_save(args, confirm)
    sys.stdout.write("".join(f"confirmed {claim_id}\n" for claim_id in args.ids))
    return EXIT_OK


def cmd_claim_reject(args: argparse.Namespace) -> int:
    def reject(kb: KnowledgeBase) -> None:
        for claim_id in args.ids:
            kb.remove_claim(claim_id)

    edit_and_save(args, reject)
    sys.stdout.write("".join(f"removed {claim_id}\n" for claim_id in args.ids))
    return EXIT_OK


# -- term -------------------------------------------------------------------------------------------

def term_options(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a term of the base's own to a vocabulary, and save")
    add_data_args(add)
    add.add_argument("vocabulary", metavar="VOCABULARY", help="condition, pain-type, intervention or population")
    add.add_argument("id", metavar="ID", help="the term's id: lower-case words joined by hyphens, e.g. scrambler-therapy")
    add.add_argument("--label", required=True, help="the term's name in words, e.g. 'Scrambler therapy'")
    add.add_argument("--synonym", action="append", metavar="NAME",
                     help="another name articles use (matched as whole words, any case); repeat for several")
    add.add_argument("--parent", action="append", metavar="ID",
                     help="a broader term of the same vocabulary (kevidence vocab lists them); repeat for several")
    add.add_argument("--group", action="store_true",
                     help="a heading over distinct items ('nerve blocks'), not a shared broader term")
    add.set_defaults(func=cmd_term_add)


def cmd_term_add(args: argparse.Namespace) -> int:
    term: dict[str, Any] = {"id": args.id, "label": args.label}
    if args.synonym:
        term["synonyms"] = args.synonym
    if args.parent:
        term["parents"] = split_values(args.parent)
    if args.group:
        term["group"] = True
    _, added = edit_and_save(args, lambda kb: kb.add_term(args.vocabulary, term))
    sys.stdout.write(f"added {args.vocabulary} term {added.id}: {terminal_safe(added.label)}\n")
    return EXIT_OK


# -- suppress ---------------------------------------------------------------------------------------

def suppress_options(parser: argparse.ArgumentParser) -> None:
    add_data_args(parser)
    parser.add_argument("id", metavar="CLAIM", help="claim id")
    parser.add_argument("rule", metavar="RULE", help="rule code (KE001) or slug (unsourced-claim)")
    parser.add_argument("--reason", required=True, help="why the finding does not apply (kept in the file)")
    parser.set_defaults(func=cmd_suppress)


def cmd_suppress(args: argparse.Namespace) -> int:
    from kevidence.audit.registry import find_rule, rule_names
    from kevidence.errors import EditError, Location, Problem, did_you_mean

    rule = find_rule(args.rule)
    if rule is None:
        hint = did_you_mean(args.rule, rule_names())
        raise EditError("nothing was suppressed", [Problem(
            Location("RULE"), f"no audit rule {args.rule!r}" + (f" ({hint})" if hint else ""),
            "name a rule by code or slug; kevidence rules lists them")])
    code, name = rule.code, rule.name

    def suppress(kb: KnowledgeBase) -> None:
        kept = [s.model_dump(mode="json") for s in kb.claim(args.id).suppressions if s.rule not in (code, name)]
        kb.update_claim(args.id, suppressions=[*kept, {"rule": code, "reason": args.reason}])

    edit_and_save(args, suppress)
    sys.stdout.write(f"{args.id}: {rule.code} {rule.name} suppressed ({args.reason.strip()})\n")
    return EXIT_OK


# -- shared ------------------------------------------------------------------------------------------

def _cleared(values: list[str] | None, allowed: tuple[str, ...], what: str) -> dict[str, None]:
    from kevidence.errors import EditError, Location, Problem

    names = [name.replace("-", "_") for name in split_values(values)]
    wrong = [n for n in names if n not in allowed]
    if wrong:
        raise EditError(f"the {what} was not changed", [Problem(
            Location("--clear"), f"{wrong[0]!r} cannot be cleared", "clear one of: " + ", ".join(allowed))])
    return dict.fromkeys(names)


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
