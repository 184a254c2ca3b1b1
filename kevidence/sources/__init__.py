"""Sources: BibTeX entries as typed models with decoded views, and .bib loading."""

from kevidence.sources.bibtex import BibFile, load_bib, parse_bib
from kevidence.sources.model import FieldStatus, Source, source_summary
from kevidence.sources.names import Person, parse_names

__all__ = ["BibFile", "FieldStatus", "Person", "Source", "load_bib", "parse_bib", "parse_names", "source_summary"]
