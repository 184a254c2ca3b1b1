"""What every command of the command line shares: exit codes, the data-folder options, loading
a base with a progress bar, colour. :mod:`kevidence.cli` and the commands of subpackages
(e.g. :mod:`kevidence.cli.lookup`) both build on it."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from kevidence.kb import KnowledgeBase

T = TypeVar("T")

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: kevidence itself failed (a bug, never a finding): one line on stderr, the traceback with --debug.
EXIT_CRASH = 3
EXIT_CODES = ("exit codes: 0 nothing at or above the failing severity, 1 findings, 2 the input could not be "
              "read or the command was misused, 3 kevidence failed (a bug: please report it)")


def add_data_args(parser: argparse.ArgumentParser, *, folder: bool = True) -> None:
    """DIR, ``--claims`` and ``--bib``: which base a command reads (``folder=False``: the
    command reads DIR among its own positional arguments)."""
    if folder:
        parser.add_argument("dir", nargs="?", type=Path,
                            help="folder holding claims.json and references.bib (default: the bundled data)")
    parser.add_argument("--claims", type=Path, help="path of the claims file (overrides DIR/claims.json)")
    parser.add_argument("--bib", type=Path, help="path of the BibTeX file (overrides DIR/references.bib)")
    parser.add_argument("--encoding",
                        help="encoding of the BibTeX file, e.g. latin-1 (default: its '%% Encoding:' line, else UTF-8)")


def add_fail_on(parser: argparse.ArgumentParser) -> None:
    """``--fail-on``: the lowest severity that makes the exit code 1 (one choice a severity)."""
    from kevidence.audit.model import Severity

    parser.add_argument("--fail-on", choices=[s.value for s in Severity], default=None,
                        help="lowest severity that makes the exit code 1 (default: the config's, else error)")


def add_findings_options(parser: argparse.ArgumentParser, formats: list[str]) -> None:
    """What a command that reports findings takes: the format (else by ``-o``'s extension),
    ``-o`` (with ``--force``), ``--select``, ``--ignore`` and ``--fail-on``."""
    parser.add_argument("-f", "--format", choices=formats, default=None,
                        help="output format (default: by -o's extension: .sarif, .json, .md; else text)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write the findings here (replaced in one step); - or none for standard output")
    add_force_arg(parser)
    parser.add_argument("--select", action="append", metavar="RULES",
                        help="only these rules: codes, prefixes or slugs, comma-separated")
    parser.add_argument("--ignore", action="append", metavar="RULES",
                        help="skip these rules: codes, prefixes or slugs, comma-separated")
    add_fail_on(parser)


def note_proposed(kb: KnowledgeBase, args: argparse.Namespace) -> None:
    """On stderr, how many drafted claims await review and how to list them (nothing when none):
    the audit reports an uncited drafted claim only where its sentence needs a source."""
    waiting = sum(1 for claim in kb.claims.values() if claim.review == "proposed")
    if waiting:
        folder = f" {args.dir}" if getattr(args, "dir", None) is not None else ""
        sys.stderr.write(f"note: {waiting} claim{'s' if waiting != 1 else ''} drafted from articles "
                         f"await{'s' if waiting == 1 else ''} review: 'kevidence query{folder} --proposed' lists "
                         "them; 'kevidence claim confirm' accepts, 'claim set' corrects, 'claim reject' drops\n")


def load_base(args: argparse.Namespace, strict: bool = True) -> KnowledgeBase:
    """The base the data options name, with a progress bar on a terminal."""
    from kevidence.kb import load
    from kevidence.progress import ProgressBar

    # The bar draws itself only on a terminal and only after about a second of loading.
    with ProgressBar(sys.stderr) as progress:
        return load(args.dir, claims=args.claims, bib=args.bib, strict=strict, progress=progress,
                    encoding=getattr(args, "encoding", None))


#: How many times a one-shot edit is applied to a fresh load when another save got in first.
EDIT_ATTEMPTS = 30


def edit_and_save(args: argparse.Namespace, edit: Callable[[KnowledgeBase], T]) -> tuple[KnowledgeBase, T]:
    """Load the base, apply ``edit`` and save; when another save got in first
    (:class:`~kevidence.errors.ConflictError`: nothing was written), load again and apply the edit
    again, at most :data:`EDIT_ATTEMPTS` times, after a short random pause."""
    import random
    import time

    from kevidence.errors import ConflictError

    for attempt in range(1, EDIT_ATTEMPTS + 1):
        kb = load_base(args)
        result = edit(kb)
        try:
            kb.save()
        except ConflictError:
            if attempt == EDIT_ATTEMPTS:
                raise
            time.sleep(random.uniform(0.0, min(1.0, 0.05 * 2 ** attempt)))  # others spread out
            continue
        return kb, result
    raise AssertionError("unreachable")  # pragma: no cover


def colour(stream: object) -> bool:
    """Whether to colour text for ``stream``: a terminal, and ``NO_COLOR`` not set."""
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def split_values(values: list[str] | None) -> list[str]:
    """Values of a repeatable, comma-separated option (``--select KE00,weak-support``), in order."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def add_force_arg(parser: argparse.ArgumentParser) -> None:
    """``--force``: let ``-o`` replace a read-only file."""
    parser.add_argument("--force", action="store_true", help="let -o replace a read-only file")


def check_output(path: Path | None, kb: KnowledgeBase | None = None, force: bool = False,
                 folder_ok: bool = False) -> None:
    """Refuse an ``-o`` path that would destroy something: the loaded base's own data files,
    a folder (unless ``folder_ok``), or a read-only file (unless ``force``); and one in a folder
    that does not exist; exit 2 naming it."""
    from kevidence.errors import KevidenceError, Location, Problem

    if path is None:
        return
    resolved = os.path.realpath(path)
    own = [p for p in (kb.claims_path, kb.bib_path) if p is not None] if kb is not None else []
    if any(os.path.realpath(p) == resolved for p in own):
        raise KevidenceError("-o names the base's own data file", [Problem(
            Location(str(path)), "writing there would replace the base without its lock or conflict check",
            "write the output to another file")])
    if os.path.isdir(resolved) and not folder_ok:
        raise KevidenceError("-o names a folder", [Problem(
            Location(str(path)), "it is a folder, not a file", f"give a file name, e.g. {Path(path) / 'out'}")])
    folder = os.path.dirname(resolved)
    if not folder_ok and not os.path.isdir(folder) and not os.path.exists(resolved):
        raise KevidenceError("-o names a file in a missing folder", [Problem(
            Location(str(path)), f"there is no folder {Path(path).parent}", "create the folder first, or choose another")])
    if os.path.isfile(resolved) and not force and not os.stat(resolved).st_mode & 0o222:
        raise KevidenceError("-o names a read-only file", [Problem(
            Location(str(path)), "the file is read-only", "pass --force to replace it, or choose another file")])


#: The findings format (``audit``, ``article check``) each ``-o`` extension names.
AUDIT_SUFFIXES = {".sarif": "sarif", ".json": "json", ".md": "markdown"}


def to_stdout(path: Path | None) -> bool:
    """Whether ``-o`` asks for standard output: no ``-o``, or ``-o -`` (pandoc's and ruff's habit)."""
    return path is None or str(path) == "-"


def output_format(given: str | None, output: Path | None, by_suffix: dict[str, str],
                  default: str | None = None, ambiguous: dict[str, list[str]] | None = None) -> str:
    """The format a command writes: ``--format`` when given (whatever ``-o``'s extension says),
    else the one ``-o``'s extension names in ``by_suffix``, else ``default``; exit 2 asking for
    ``--format`` (naming the choices) when an extension fits several formats or none is known."""
    from kevidence.errors import KevidenceError, Location, Problem

    if given is not None:
        return given
    suffix = output.suffix.lower() if output is not None and not to_stdout(output) else ""
    if suffix in by_suffix:
        return by_suffix[suffix]
    if ambiguous and suffix in ambiguous:
        choices = " or ".join(f"--format {name}" for name in ambiguous[suffix])
        raise KevidenceError("the output's format is ambiguous", [Problem(
            Location(str(output)), f"the extension {suffix} fits several formats", f"pass {choices}")])
    if default is not None:
        return default
    known = ", ".join(sorted(by_suffix))
    raise KevidenceError("no output format given", [Problem(
        Location(str(output) if output is not None else "--format"),
        "no --format, and " + ("no -o FILE" if output is None or to_stdout(output) else
                               f"kevidence knows no format for the extension {suffix}" if suffix else
                               "the file name has no extension"),
        f"pass --format FORMAT, or an -o FILE ending in one of: {known}")])


def write_output(path: Path | None, text: str | Iterable[str]) -> None:
    """Write ``text`` to standard output (no ``-o``, or ``-o -``) or atomically to ``-o FILE``.

    ``text`` may come in pieces (a renderer's stream): each is written as it comes, so that a
    large output is never held whole in memory; ``-o FILE`` is still replaced in one step.
    """
    from kevidence.store.atomic import open_atomic

    pieces = (text,) if isinstance(text, str) else text
    if to_stdout(path):
        for piece in pieces:
            sys.stdout.write(piece)
    else:
        assert path is not None
        with open_atomic(path) as handle:
            for piece in pieces:
                handle.write(piece.encode("utf-8"))


# Control characters (an escape sequence starts with one) and the bidirectional overrides that
# reorder what a terminal shows; tab and newline are layout, kept.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    r"""Text for a terminal with every control character from the data shown as an escape.

    >>> terminal_safe("pain\x1b[2J relief")
    'pain\\x1b[2J relief'
    """
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                         else f"\\u{ord(m.group()):04x}", text)
