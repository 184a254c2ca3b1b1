"""Sources: BibTeX entries as typed models with decoded views (:mod:`kevidence.sources.model`),
reading ``.bib`` files (:mod:`kevidence.sources.bibtex`) and writing them losslessly
(:mod:`kevidence.sources.writer`)."""
