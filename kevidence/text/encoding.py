"""A data file's bytes as text and back: byte-order marks, encodings, and the fingerprint
taken when a file is read (so a save can tell whether someone else changed it since).
"""

from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from kevidence.errors import (
    DataFileError,
    Location,
    Problem,
    display_path,
)

BOM = b"\xef\xbb\xbf"

# Byte-order marks, longest first (UTF-32-LE's begins with UTF-16-LE's).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (BOM, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_OF = {name: mark for mark, name in _BOMS}
_NAMES = {"utf-8": "UTF-8", "utf-16-le": "UTF-16 (little-endian)", "utf-16-be": "UTF-16 (big-endian)",
          "utf-32-le": "UTF-32 (little-endian)", "utf-32-be": "UTF-32 (big-endian)"}


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What a file held when it was read: its size, modification time and SHA-256 digest."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of_bytes(cls, data: bytes, mtime_ns: int = 0) -> FileStamp:
        return cls(len(data), mtime_ns, hashlib.sha256(data).hexdigest())


def read_bytes(path: Path, what: str, digest: bool = True) -> tuple[bytes, FileStamp]:
    """A data file's bytes and their fingerprint; a :class:`DataFileError` when unreadable.

    Without ``digest`` the fingerprint's SHA-256 is left empty (size and time only).
    """
    shown = display_path(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
            mtime = os.fstat(handle.fileno()).st_mtime_ns
    except FileNotFoundError:
        raise DataFileError(
            f"{what} not found", [Problem(Location(shown), "no such file", "create it or pass the right path")]
        ) from None
    except IsADirectoryError:
        raise DataFileError(f"{what} is a directory", [Problem(Location(shown), "expected a file")]) from None
    except OSError as exc:
        raise DataFileError(f"cannot read {what}", [Problem(Location(shown), exc.strerror or str(exc))]) from None
    if not digest:
        return data, FileStamp(len(data), mtime, "")
    return data, FileStamp.of_bytes(data, mtime)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A data file's text and how its bytes hold it, so that a save can write it back alike."""

    text: str
    encoding: str  # the codec's name, exact for UTF-16/32 ("utf-16-le"): "utf-8", "cp1251", ...
    bom: bool  # the bytes began with the encoding's byte-order mark


def encoding_name(name: str) -> str | None:
    """The codec name Python knows for an encoding (``"ISO8859_1"`` -> ``"iso8859-1"``;
    Java's ``x-`` prefix, as JabRef writes it, is dropped); None when it names no text encoding.

    >>> encoding_name("Cp1252"), encoding_name("UTF8"), encoding_name("x-MacRoman"), encoding_name("base64")
    ('cp1252', 'utf-8', 'mac-roman', None)
    """
    for candidate in (name.strip(), name.strip()[2:] if name.strip().lower().startswith("x-") else ""):
        if not candidate:
            continue
        try:
            info = codecs.lookup(candidate)
        except LookupError:
            continue
        if getattr(info, "_is_text_encoding", True):
            return "utf-8" if info.name == "utf-8-sig" else info.name
    return None


def unicode_family(raw: bytes) -> tuple[str, bool] | None:
    """The UTF-8/16/32 encoding the bytes announce by a byte-order mark, or (UTF-16/32 only)
    show by the NUL bytes of mostly-ASCII text; with whether there was a mark. None: neither.

    >>> unicode_family("@misc".encode("utf-16-le")), unicode_family(b"\\xef\\xbb\\xbf@"), unicode_family(b"@misc")
    (('utf-16-le', False), ('utf-8', True), None)
    """
    for mark, name in _BOMS:
        if raw.startswith(mark):
            return name, True
    sample = raw[:4096]
    if b"\x00" not in sample or len(sample) < 4:
        return None
    for width in (4, 2):
        usable = len(sample) - len(sample) % width
        units = [sample[i : i + width] for i in range(0, usable, width)]
        for name, low in ((f"utf-{8 * width}-le", 0), (f"utf-{8 * width}-be", width - 1)):
            # ASCII text: each unit is one non-NUL byte at the low end and NULs elsewhere.
            ascii_like = sum(1 for u in units if u[low] and u.count(0) == width - 1)
            if ascii_like * 2 >= len(units):
                return name, False
    return None


def describe_encoding(name: str) -> str:
    """A reader's name for an encoding: "UTF-16 (little-endian)", "cp1251"."""
    return _NAMES.get(name, name)


def decode_text(raw: bytes, path: Path | None, what: str, encoding: str | None = None,
                naming: str | None = None, header: str | None = None) -> DecodedText:
    """The text the bytes of a data file hold, in ``encoding`` (default UTF-8; a BOM is accepted).

    ``naming`` tells a reader how to name another encoding for this kind of file, as a
    template with ``{name}`` (None: the file must be UTF-8); ``header``, likewise, how the
    file itself can name an 8-bit encoding. Raises :class:`DataFileError` naming the file, the line and the
    encoding when the bytes are not text in that encoding, or are UTF-16/32 given as UTF-8.
    """
    shown = display_path(path)
    if encoding is None:
        family = unicode_family(raw)
        if family is not None and family[0] != "utf-8":
            found = describe_encoding(family[0])
            how = f"pass {naming.format(name=family[0][:6])}, or " if naming else ""
            raise DataFileError(f"{what} is {found} text, not UTF-8", [Problem(
                Location(shown, 1), f"the file is {found}" + (" (it begins with its byte-order mark)" if family[1] else ""),
                f"{how}re-save the file as UTF-8")])
        codec = "utf-8"
    else:
        known = encoding_name(encoding)
        if known is None:
            raise DataFileError(f"unknown encoding {encoding!r}", [Problem(
                Location(shown), f"{encoding!r} is not a text encoding Python knows",
                "name one such as utf-8, latin-1, cp1252, cp1251 or utf-16")])
        codec = known
    bom = False
    if codec in ("utf-16", "utf-32"):  # which byte order: the mark says, or the NULs show
        family = unicode_family(raw)
        codec = family[0] if family is not None and family[0].startswith(codec) else codec + "-le"
    mark = _BOM_OF.get(codec)
    if mark is not None and raw.startswith(mark):
        bom, raw = True, raw[len(mark):]
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].decode(codec, errors="replace").count("\n") + 1
        byte = raw[exc.start]
        if encoding is not None:
            hint = f"check that the file is {describe_encoding(codec)}, or name its encoding"
        elif naming:
            also = f", {header.format(name='latin-1')}," if header else ""
            hint = (f"it looks like an 8-bit encoding (Latin-1, Windows-1252, Windows-1251...): pass "
                    f"{naming.format(name='latin-1')}{also} or re-save the file as UTF-8")
        else:
            hint = ("it looks like Latin-1 or Windows-1252: re-save the file as UTF-8"
                    if 0x80 <= byte <= 0xFF else "save the file as UTF-8 text")
        raise DataFileError(f"{what} is not {describe_encoding(codec)} text", [Problem(
            Location(shown, line),
            f"byte 0x{byte:02x} at offset {exc.start} is not valid {describe_encoding(codec)}", hint)]) from None
    refuse_binary(text, shown, what)
    return DecodedText(text, codec, bom)


def refuse_binary(text: str, shown: str | None, what: str, hint: str | None = None) -> None:
    """:class:`DataFileError` if ``text`` holds a NUL character: the rule a data file is read by,
    applied too to the text a save is about to write (so that nothing is saved that the next
    load would refuse)."""
    nul = text.find("\x00")
    if nul >= 0:
        raise DataFileError(f"{what} is not a text file", [Problem(
            Location(shown, text.count("\n", 0, nul) + 1), "the file holds NUL bytes (binary data)",
            hint or "pass the right file, or restore it from version control")])


def encode_text(text: str, encoding: str = "utf-8", bom: bool = False) -> bytes:
    """The bytes of ``text`` in the encoding a file was read in, its byte-order mark kept.

    Raises :class:`UnicodeEncodeError` for a character the encoding cannot hold.
    """
    data = text.encode(encoding)
    mark = _BOM_OF.get(encoding) if bom else None
    return mark + data if mark else data


def changed_since(path: Path, expected: FileStamp | None) -> bool:
    """Whether the file's content differs from the fingerprint taken at load.

    The same size and modification time are taken as the same content (no read); otherwise
    content decides, not the clock: a file touched but not changed is no conflict.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return expected is not None
    if expected is None:
        return True
    if info.st_size != expected.size:
        return True
    if info.st_mtime_ns == expected.mtime_ns:
        return False
    return FileStamp.of_bytes(path.read_bytes()).sha256 != expected.sha256
