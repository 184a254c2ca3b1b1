"""The recorded public API: every name in ``kevidence.__all__`` with its signature.

``python -m tests.public_api --update`` records the API as it is now (in
``tests/public_api.txt``); tests/test_public_api.py fails on any change not recorded, so a
change to what clinic tools call is made on purpose and written in CHANGELOG.md.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import sys
import types
import typing
from pathlib import Path
from typing import Any

RECORD = Path(__file__).with_name("public_api.txt")


def _signature(obj: Any) -> str:
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return "(...)"


def _type_name(tp: Any) -> str:
    """A type as text, without the constraints of ``Annotated`` (their repr differs between
    pydantic versions; the constraints are the JSON Schema's business, data/claims.schema.json)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_type_name(a) for a in args)
    if origin is typing.Literal:
        return "Literal[" + ", ".join(repr(a) for a in args) + "]"
    if origin is not None:
        name = getattr(origin, "__name__", str(origin))
        return f"{name}[{', '.join('...' if a is Ellipsis else _type_name(a) for a in args)}]"
    if tp is type(None):
        return "None"
    return getattr(tp, "__name__", str(tp))


def _members(cls: type) -> list[str]:
    lines: list[str] = []
    if issubclass(cls, enum.Enum):
        return [f"    {member.name} = {member.value!r}" for member in cls]
    fields = getattr(cls, "model_fields", None)
    if dataclasses.is_dataclass(cls):
        lines += [f"    field {f.name}: {f.type}" for f in dataclasses.fields(cls)]
        fields = {f.name: None for f in dataclasses.fields(cls)}
    elif hasattr(cls, "_fields") and issubclass(cls, tuple):  # a named tuple
        lines += [f"    field {name}" for name in cls._fields]
        fields = dict.fromkeys(cls._fields)
    elif fields:
        lines += [f"    field {name}: {_type_name(field.annotation)}" + ("" if field.is_required() else " = ...")
                  for name, field in fields.items()]
    for name, value in sorted(vars(cls).items()):
        if name.startswith("_") or name in (fields or {}):
            continue
        if isinstance(value, property):
            lines.append(f"    property {name}")
        elif isinstance(value, (staticmethod, classmethod)):
            lines.append(f"    {type(value).__name__} {name}{_signature(value.__func__)}")
        elif inspect.isfunction(value):
            lines.append(f"    method {name}{_signature(value)}")
    return lines


def describe() -> str:
    """The public API as text, one name (and its members) per block, sorted."""
    import kevidence

    lines = [f"# kevidence public API (version {kevidence.__version__} and later)"]
    for name in sorted(kevidence.__all__):
        if name == "__version__":
            continue
        obj = getattr(kevidence, name)
        if inspect.isclass(obj):
            bases = ", ".join(b.__name__ for b in obj.__bases__)
            lines.append(f"class {name}({bases})")
            lines += _members(obj)
        elif callable(obj):
            lines.append(f"def {name}{_signature(obj)}")
        else:
            lines.append(f"{name}: {type(obj).__name__}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        RECORD.write_text(describe(), encoding="utf-8")
        print(f"recorded {RECORD}")
    else:
        sys.stdout.write(describe())
