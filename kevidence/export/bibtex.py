"""Plain BibTeX: the base's entries for LaTeX (BibTeX, biber) and pandoc, kevidence's own fields left out.

Each entry keeps its type, key and field values as the base writes them (LaTeX kept, ``@string``
macros already resolved), in the file's order; the fields kevidence keeps for itself
(:data:`kevidence.sources.model.KEVIDENCE_FIELDS`: study design, verification lists, ``cites``
and the editorial ``note``) are left out, since a style would print the note and the others
mean nothing to it. A month written as a three-letter name is written as BibTeX's month macro
(``month = feb``), which styles print in their own language.

>>> import kevidence
>>> from kevidence.export import export
>>> print(export(kevidence.load(), "bibtex").split("\\n\\n")[1])
@article{maher2017,
  author = {Maher, D. P. and Chen, L. and Mao, J.},
  title = {Intravenous Ketamine Infusions for Neuropathic Pain Management: A Promising Therapy in Need of Optimization},
  journal = {Anesthesia \\& Analgesia},
  year = {2017},
  month = feb,
  volume = {124},
  number = {2},
  pages = {661--674},
  doi = {10.1213/ANE.0000000000001787}
}
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from kevidence.export.csljson import MONTHS
from kevidence.sources.model import KEVIDENCE_FIELDS, Source
from kevidence.sources.writer import BibStyle, encode_value, render_entry

if TYPE_CHECKING:
    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase

_MONTH_MACROS = frozenset(name for name in MONTHS if len(name) == 3)
_STYLE = BibStyle()


def plain_entry(source: Source, style: BibStyle = _STYLE) -> str:
    """One source as a BibTeX entry without kevidence's own fields."""
    values = []
    for name, value in source.fields.items():
        if name in KEVIDENCE_FIELDS:
            continue
        bare = name == "month" and value.strip().lower() in _MONTH_MACROS
        values.append((name, value.strip().lower() if bare else encode_value(value)))
    return render_entry(source.entry_type, source.key, values, style)


def write_bibtex(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write every source of the base as a plain BibTeX entry, entries separated by a blank line."""
    first = True
    for source in kb.sources.values():
        stream.write(("" if first else "\n") + plain_entry(source) + "\n")
        first = False
