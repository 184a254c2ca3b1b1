"""Reading and writing ``claims.json``: validation with JSON paths and lines, canonical output.

Every problem in a file is reported at once, each with the JSON path and the line, so an
editor fixes a file in one pass. Cross-references (unique ids, vocabulary ids, documents,
``derived_from`` targets) are checked here because they span the whole file.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter, call
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kevidence.bulk import sharing
from kevidence.claims.facets import FACETS
from kevidence.claims.jsonpos import ArrayLines, JsonPath, id_lines, line_of, path_to_str, value_lines
from kevidence.claims.model import Claim, ClaimsFile
from kevidence.claims.vocabulary import Facet, Vocabulary
from kevidence.errors import ClaimsError, ConflictError, DataFileError, Location, Problem, did_you_mean, display_path
from kevidence.text.encoding import BOM, FileStamp, decode_text, read_bytes


@dataclass
class ClaimsText:
    """A claims file as read: its text, for locations and lossless saves.

    A loaded file's text is not kept in memory (see :meth:`release`): the file on disk holds
    it, and reading it back is checked against the fingerprint taken at load, so a text read
    back is always the text that was loaded.
    """

    path: Path | None
    _text: str | None
    _lines: dict[JsonPath, int] | None = field(default=None, repr=False)
    bom: bool = False
    stamp: FileStamp | None = None
    _claim_lines: ArrayLines | None = field(default=None, repr=False)
    _shown: str | None = field(default=None, repr=False)
    _id_lines: tuple[tuple[str, ...], array[int] | None] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The file's text as loaded (read back from disk if released).

        Raises :class:`ConflictError` when the file no longer holds what was loaded.
        """
        return self._read_back(exact=True)

    def text_to_edit(self) -> str:
        """The text as loaded, for a save: read back and taken as unchanged when its size and
        modification time are (the save checks the file again, under its lock, before writing)."""
        return self._read_back(exact=False)

    def _read_back(self, exact: bool) -> str:
        # exact: always compare the digest. Otherwise (for line numbers) the same size and
        # modification time are taken as the same text, and only a newer time costs a digest.
        if self._text is not None:
            return self._text
        if self.path is None or self.stamp is None:
            return ""
        raw, stamp = read_bytes(self.path, "claims file", digest=False)
        same = stamp.size == self.stamp.size and (
            (not exact and stamp.mtime_ns == self.stamp.mtime_ns)
            or hashlib.sha256(raw).hexdigest() == self.stamp.sha256
        )
        if not same:
            raise ConflictError("the claims file changed on disk since it was loaded", [Problem(
                Location(display_path(self.path)), "the file changed on disk since it was loaded",
                "load the knowledge base again, redo the edits, then save")])
        return raw[len(BOM):].decode("utf-8") if self.bom else raw.decode("utf-8")

    def release(self) -> None:
        """Drop the text from memory (a file's text can be read back; see :attr:`text`)."""
        if self.path is not None and self.stamp is not None:
            self._text = None

    def _text_or_none(self) -> str | None:
        try:
            return self._read_back(exact=False)
        except (ConflictError, DataFileError):
            return None  # the file changed or went away: locations have no lines then

    def _lines_of(self, ids: tuple[str, ...]) -> array[int] | None:
        """Every claim's line, found in one pass on first use (None if the text does not fit)."""
        if self._id_lines is None or self._id_lines[0] is not ids:
            text = self._text_or_none()
            found = id_lines(text, "claims", ids) if text is not None else None
            self._id_lines = (ids, array("I", found) if found is not None else None)
        return self._id_lines[1]

    def claim_location(self, index: int, ids: tuple[str, ...]) -> Location:
        """File, line and JSON path of the claim at ``index``; ``ids`` are the ids of the
        claims the text holds, in order."""
        lines = self._lines_of(ids)
        if lines is None or not 0 <= index < len(lines):
            if self._text is None:  # released: do not read the file again for each claim
                return Location(self._display() or None, None, f"$.claims[{index}]")
            return self.location(("claims", index))
        return Location(self._display() or None, lines[index], f"$.claims[{index}]")

    def claim_locations(self, ids: tuple[str, ...]) -> list[Location]:
        """The location of every claim the text holds (``ids``, in order), made in one go."""
        lines = self._lines_of(ids)
        if lines is None:
            return [self.claim_location(i, ids) for i in range(len(ids))]
        shown = self._display() or None
        return [Location(shown, line, f"$.claims[{i}]") for i, line in enumerate(lines)]

    def _display(self) -> str:
        if self._shown is None:
            self._shown = display_path(self.path) or ""
        return self._shown

    def line(self, path: JsonPath) -> int | None:
        """The 1-based line of the value at a JSON path (computed on first use)."""
        if self._text is None:
            text = self._text_or_none()
            if text is None:
                return None
            self._text = text  # deeper paths are rare after loading: keep the text from now on
        if self._lines is None and len(path) >= 2 and path[0] == "claims" and isinstance(path[1], int):
            # A large file's audit asks for many claims' lines: find just the claim, then
            # walk only its own text for a path inside it.
            if self._claim_lines is None:
                self._claim_lines = ArrayLines(self.text, "claims")
            span = self._claim_lines.span(path[1])
            if span is not None:
                start, end, line = span
                if len(path) == 2:
                    return line
                inner = line_of(self.text[start:end], path[2:])
                return line + inner - 1 if inner is not None else line
        if self._lines is None:
            self._lines = value_lines(self.text)
        return line_of(self.text, path, self._lines)

    def location(self, path: JsonPath) -> Location:
        return Location(self._display() or None, self.line(path), path_to_str(path))


def read_text(path: Path, what: str) -> str:
    """A data file's text as UTF-8 (a BOM is accepted); a clear error when it cannot be read."""
    return read_data(path, what)[0]


def read_data(path: Path, what: str, raw: tuple[bytes, FileStamp] | None = None) -> tuple[str, bool, FileStamp]:
    """A data file's text, whether it began with a UTF-8 BOM, and its fingerprint for saving.

    Raises :class:`DataFileError` naming the line when the bytes are not UTF-8 text (and
    naming UTF-16 or UTF-32 when the file is in one of those).
    """
    data, stamp = raw if raw is not None else read_bytes(path, what)
    decoded = decode_text(data, path, what)
    return decoded.text, decoded.bom, stamp


def parse_claims(text: str, path: Path | None = None, vocabulary: Vocabulary | None = None) -> tuple[ClaimsFile, Vocabulary, ClaimsText]:
    """Validate a claims document; raise :class:`ClaimsError` listing every problem found."""
    source = ClaimsText(path, text)
    shown = display_path(path)
    try:
        with sharing():  # the values claims repeat are kept once (see Claim)
            data = ClaimsFile.model_validate_json(text)
    except ValidationError as exc:
        raise _validation_error(exc, source, shown) from None
    vocab = vocabulary or Vocabulary.builtin()
    if data.vocabulary is not None:
        vocab = vocab.extended(data.vocabulary)
    problems = list(cross_check(data, vocab, source))
    if problems:
        raise ClaimsError(f"{shown or 'claims'} has invalid claims", problems)
    return data, vocab, source


def load_claims(path: str | Path, vocabulary: Vocabulary | None = None,
                raw: tuple[bytes, FileStamp] | None = None) -> tuple[ClaimsFile, Vocabulary, ClaimsText]:
    """Read and validate a ``claims.json`` file (``raw``: its bytes and fingerprint, when read already)."""
    path = Path(path)
    return claims_from_text(path, *read_data(path, "claims file", raw), vocabulary=vocabulary)


def claims_from_text(path: Path, text: str, bom: bool, stamp: FileStamp,
                     vocabulary: Vocabulary | None = None) -> tuple[ClaimsFile, Vocabulary, ClaimsText]:
    """:func:`load_claims` on a file's text already decoded by :func:`read_data` (a caller that
    read the bytes can drop them before the claims are built)."""
    data, vocab, source = parse_claims(text, path, vocabulary)
    source.bom, source.stamp = bom, stamp
    source.release()  # a large file's text is read back only when a save or a location needs it
    return data, vocab, source


def _validation_error(exc: ValidationError, source: ClaimsText, shown: str | None) -> ClaimsError:
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        if error["type"] == "json_invalid":
            return _json_syntax_error(source, shown)
        loc: JsonPath = tuple(error["loc"])
        message = _message(error)
        hint = _hint(error, loc)
        problems.append(Problem(source.location(loc), message, hint))
    return ClaimsError(f"{shown or 'claims'} does not match the claims schema", problems)


def _json_syntax_error(source: ClaimsText, shown: str | None) -> ClaimsError:
    try:
        json.loads(source.text)
    except json.JSONDecodeError as err:
        return ClaimsError(
            f"{shown or 'claims'} is not valid JSON",
            [Problem(Location(shown, err.lineno), f"{err.msg} (column {err.colno})",
                     "check for a missing comma, quote or bracket near there")],
        )
    except RecursionError:
        return ClaimsError(f"{shown or 'claims'} is not valid JSON",
                           [Problem(Location(shown, 1), "nested too deeply")])
    return ClaimsError(f"{shown or 'claims'} is not valid JSON", [Problem(Location(shown, 1), "unreadable JSON")])


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown field {error['loc'][-1]!r}"
    if kind == "missing":
        return f"required field {error['loc'][-1]!r} is missing"
    msg = str(error["msg"])
    return msg[len("Value error, "):] if msg.startswith("Value error, ") else msg


def _hint(error: Any, loc: JsonPath) -> str | None:
    if error["type"] == "extra_forbidden" and loc:
        model = _model_at(loc[:-1])
        if model is not None:
            fields = [info.alias or name for name, info in model.model_fields.items()]
            known = f"known fields: {', '.join(fields)}"
            hint = did_you_mean(str(loc[-1]), fields)
            return f"{hint} {known}" if hint else known
    if error["type"] == "string_pattern_mismatch" and loc and loc[-1] in ("id",):
        return "ids are lower-case words joined by hyphens, e.g. 'ketamine-crps-relief'"
    return None


def _model_at(loc: JsonPath) -> Any:
    """The pydantic model class that validates the object at ``loc`` (None if not a model)."""
    from typing import get_args

    from pydantic import BaseModel

    model: Any = ClaimsFile
    for part in loc:
        if isinstance(part, int):
            continue
        info = {(i.alias or n): i for n, i in model.model_fields.items()}.get(str(part))
        if info is None:
            return None
        candidates = [info.annotation, *get_args(info.annotation)]
        nested = None
        for candidate in candidates:
            for inner in (candidate, *get_args(candidate)):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    nested = inner
        if nested is None:
            return None
        model = nested
    return model


#: The facets a claim lists (a tuple of ids), from the facet table; the others hold one id or None.
LISTED_FACETS: tuple[Facet, ...] = tuple(f.vocabulary for f in FACETS if f.many)


def cross_check(data: ClaimsFile, vocab: Vocabulary, source: ClaimsText) -> Iterable[Problem]:
    """Problems that span the file: repeated ids, unknown vocabulary ids, documents, targets."""
    first_index: dict[str, int] = {}
    for index, claim in enumerate(data.claims):
        if claim.id in first_index:
            yield Problem(
                source.location(("claims", index, "id")),
                f"duplicate claim id {claim.id!r} (first at $.claims[{first_index[claim.id]}])",
                "give each claim its own id",
            )
        else:
            first_index[claim.id] = index
    doc_ids: dict[str, int] = {}
    for index, doc in enumerate(data.documents):
        if doc.id in doc_ids:
            yield Problem(source.location(("documents", index, "id")), f"duplicate document id {doc.id!r}")
        doc_ids.setdefault(doc.id, index)
    # Most claims are fine: test them with set operations (C speed) and only walk the
    # problems of those that fail, which keeps a 100,000-claim file's check cheap.
    # Each facet's value of a claim, and the test that the vocabulary knows it (all of a listed
    # facet's ids; a one-value facet's id or None), both at C speed.
    facet_values = attrgetter(*(f.attribute for f in FACETS), "id")  # "id": always a tuple
    all_known = [frozenset(vocab.terms(f.vocabulary)).issuperset if f.many
                 else (frozenset(vocab.terms(f.vocabulary)) | {None}).__contains__ for f in FACETS]
    for index, claim in enumerate(data.claims):
        if (
            all(map(call, all_known, facet_values(claim)))
            and (not claim.derived_from or (
                claim.id not in claim.derived_from and all(t in first_index for t in claim.derived_from)))
            and (not claim.stated_in or all(s.document in doc_ids for s in claim.stated_in))
        ):
            continue
        yield from _check_claim(index, claim, vocab, first_index, doc_ids, source)


def _check_claim(
    index: int,
    claim: Claim,
    vocab: Vocabulary,
    claim_ids: dict[str, int],
    doc_ids: dict[str, int],
    source: ClaimsText,
) -> Iterable[Problem]:
    base: JsonPath = ("claims", index)
    for facet in FACETS:
        for i, value in enumerate(facet.values(claim)):
            if (facet.vocabulary, value) not in vocab:
                path: JsonPath = (*base, facet.attribute, i) if facet.many else (*base, facet.attribute)
                yield Problem(source.location(path), vocab.unknown_message(facet.vocabulary, value))
    for i, target in enumerate(claim.derived_from):
        if target == claim.id:
            yield Problem(source.location((*base, "derived_from", i)), f"claim {claim.id!r} is derived from itself")
        elif target not in claim_ids:
            yield Problem(
                source.location((*base, "derived_from", i)),
                f"derived_from names unknown claim {target!r}",
                did_you_mean(target, claim_ids, "use the id of a claim in this file"),
            )
    for i, stated in enumerate(claim.stated_in):
        if stated.document not in doc_ids:
            yield Problem(
                source.location((*base, "stated_in", i, "document")),
                f"unknown document {stated.document!r}",
                "add it to 'documents' or fix the id",
            )


def dump_claims(data: ClaimsFile) -> str:
    """The canonical text of a claims file: 2-space indented UTF-8 JSON ending in a newline."""
    payload = data.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
