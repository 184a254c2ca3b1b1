"""What a user may write in each facet of a claim: vocabulary terms and the closed lists.

:func:`term_lists` answers "which ids are valid?" without provoking an error: the vocabulary
terms in force (built-in plus those a claims file adds, with labels, synonyms, codes and
broader terms), and the values of the closed lists (claim kinds, settings, stances,
attributions, study designs with the CEBM level each can support).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from kevidence.claims.facets import FACETS
from kevidence.claims.model import Attribution, ClaimKind, Setting, Stance
from kevidence.claims.vocabulary import Facet, Vocabulary
from kevidence.errors import VocabularyError, unknown_name
from kevidence.sources.evidence import StudyDesign

#: List name -> the vocabulary facet or closed list it shows (names as the command line spells them).
LISTS: dict[str, Facet | type[Enum]] = {
    **{facet.slug: facet.vocabulary for facet in FACETS},  # condition, pain-type, intervention...
    "kind": ClaimKind,
    "setting": Setting,
    "stance": Stance,
    "attribution": Attribution,
    "study-design": StudyDesign,
}


def term_lists(vocabulary: Vocabulary, name: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every list (or the one named), each a list of JSON-ready entries with an ``id``.

    Vocabulary entries carry ``label``, ``synonyms``, ``codes``, ``broader`` and ``group``; study designs
    their ``label`` and ``level``. Raises :class:`VocabularyError` for an unknown list name.

    >>> from kevidence.claims.vocabulary import Vocabulary
    >>> [t["id"] for t in term_lists(Vocabulary.builtin(), "stance")["stance"]]
    ['supports', 'contradicts', 'mentions']
    """
    if name is not None and name not in LISTS:
        raise VocabularyError(unknown_name("list", name, LISTS, valid=list(LISTS)))
    chosen = [name] if name is not None else list(LISTS)
    return {n: _entries(vocabulary, LISTS[n]) for n in chosen}


def _entries(vocabulary: Vocabulary, what: Facet | type[Enum]) -> list[dict[str, Any]]:
    if isinstance(what, Facet):
        return [
            {"id": t.id, "label": t.label, "synonyms": list(t.synonyms), "codes": dict(t.codes),
             "broader": list(t.parents), "group": t.group}
            for t in sorted(vocabulary.terms(what).values(), key=lambda t: t.id)
        ]
    if what is StudyDesign:
        return [{"id": d.value, "label": d.info.label,
                 "level": int(d.supportable_level) if d.supportable_level is not None else None}
                for d in StudyDesign]
    return [{"id": member.value} for member in what]
