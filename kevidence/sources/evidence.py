"""Levels of evidence: Oxford CEBM 2011 (treatment benefit), GRADE certainty, and study designs.

A claim *asserts* a level; a source's study design determines the level it can *support*. The
table of designs lives here, in one place, so that the audit, the trace and the query agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, IntEnum


class CEBMLevel(IntEnum):
    """Oxford CEBM 2011 levels for "Does this intervention help?" (1 is strongest).

    Source: OCEBM Levels of Evidence Working Group, "The Oxford 2011 Levels of Evidence",
    Oxford Centre for Evidence-Based Medicine. Not the older 2009 "1a-5" scheme.
    """

    SYSTEMATIC_REVIEW_OF_RCTS = 1
    RCT_OR_DRAMATIC_EFFECT = 2
    NON_RANDOMIZED_CONTROLLED = 3
    CASE_SERIES_OR_CASE_CONTROL = 4
    MECHANISM_BASED_REASONING = 5

    @property
    def description(self) -> str:
        """The row's wording for treatment benefit."""
        return _CEBM_DESCRIPTIONS[self]


_CEBM_DESCRIPTIONS = {
    CEBMLevel.SYSTEMATIC_REVIEW_OF_RCTS: "systematic review of randomized trials or n-of-1 trials",
    CEBMLevel.RCT_OR_DRAMATIC_EFFECT: "randomized trial or observational study with dramatic effect",
    CEBMLevel.NON_RANDOMIZED_CONTROLLED: "non-randomized controlled cohort/follow-up study",
    CEBMLevel.CASE_SERIES_OR_CASE_CONTROL: "case series, case-control or historically controlled studies",
    CEBMLevel.MECHANISM_BASED_REASONING: "mechanism-based reasoning",
}


class GradeCertainty(str, Enum):
    """GRADE certainty of evidence."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very-low"


class StudyDesign(str, Enum):
    """The design of a source, written in a BibTeX entry's ``studydesign`` field."""

    META_ANALYSIS_OF_RCTS = "meta-analysis-of-rcts"
    SYSTEMATIC_REVIEW_OF_RCTS = "systematic-review-of-rcts"
    SYSTEMATIC_REVIEW = "systematic-review"
    RCT = "rct"
    OBSERVATIONAL_DRAMATIC_EFFECT = "observational-dramatic-effect"
    COHORT = "cohort"
    CASE_CONTROL = "case-control"
    CASE_SERIES = "case-series"
    CASE_REPORT = "case-report"
    MECHANISTIC = "mechanistic"
    LITERATURE_REVIEW = "literature-review"
    NARRATIVE_REVIEW = "narrative-review"
    GUIDELINE = "guideline"
    CONSENSUS_GUIDELINE = "consensus-guideline"
    EXPERT_OPINION = "expert-opinion"
    PATIENT_INFORMATION = "patient-information"
    WEB_PAGE = "web-page"

    @property
    def info(self) -> DesignInfo:
        """What kevidence knows about this design (label, supportable level, research or not)."""
        return DESIGNS[self]

    @property
    def supportable_level(self) -> CEBMLevel | None:
        """The strongest CEBM 2011 level this design can support on its own (None: none)."""
        return DESIGNS[self].level

    @property
    def label(self) -> str:
        return DESIGNS[self].label


@dataclass(frozen=True, slots=True)
class DesignInfo:
    """A study design's label, the CEBM level it supports by itself, and whether it is research.

    ``level`` is None for secondary or non-research material (reviews without a systematic
    method, guidelines, leaflets, web pages): such a source supports a claim only through the
    studies it cites, which the trace follows.
    """

    label: str
    level: CEBMLevel | None
    research: bool
    primary: bool


DESIGNS: dict[StudyDesign, DesignInfo] = {
    StudyDesign.META_ANALYSIS_OF_RCTS: DesignInfo(
        "systematic review and meta-analysis of randomized trials", CEBMLevel(1), True, False
    ),
    StudyDesign.SYSTEMATIC_REVIEW_OF_RCTS: DesignInfo(
        "systematic review of randomized trials", CEBMLevel(1), True, False
    ),
    # A systematic review of non-randomized studies is as strong as the studies it pools.
    StudyDesign.SYSTEMATIC_REVIEW: DesignInfo(
        "systematic review of non-randomized studies", CEBMLevel(3), True, False
    ),
    StudyDesign.RCT: DesignInfo("randomized controlled trial", CEBMLevel(2), True, True),
    StudyDesign.OBSERVATIONAL_DRAMATIC_EFFECT: DesignInfo(
        "observational study with dramatic effect", CEBMLevel(2), True, True
    ),
    StudyDesign.COHORT: DesignInfo("non-randomized controlled cohort study", CEBMLevel(3), True, True),
    StudyDesign.CASE_CONTROL: DesignInfo("case-control study", CEBMLevel(4), True, True),
    StudyDesign.CASE_SERIES: DesignInfo("case series", CEBMLevel(4), True, True),
    StudyDesign.CASE_REPORT: DesignInfo("case report", CEBMLevel(4), True, True),
    StudyDesign.MECHANISTIC: DesignInfo("mechanism-based reasoning", CEBMLevel(5), True, True),
    StudyDesign.LITERATURE_REVIEW: DesignInfo(
        "literature review (searched, not pooled)", None, True, False
    ),
    StudyDesign.NARRATIVE_REVIEW: DesignInfo("narrative review", None, False, False),
    StudyDesign.GUIDELINE: DesignInfo("clinical guideline", None, True, False),
    StudyDesign.CONSENSUS_GUIDELINE: DesignInfo("consensus guideline", None, True, False),
    StudyDesign.EXPERT_OPINION: DesignInfo("expert opinion", None, False, False),
    StudyDesign.PATIENT_INFORMATION: DesignInfo("patient information leaflet", None, False, False),
    StudyDesign.WEB_PAGE: DesignInfo("web page", None, False, False),
}


def level_is_stronger(a: CEBMLevel | int | None, b: CEBMLevel | int | None) -> bool:
    """True when level ``a`` is strictly stronger than ``b`` (1 beats 5; any level beats None)."""
    if a is None:
        return False
    if b is None:
        return True
    return int(a) < int(b)


def strongest(levels: Iterable[CEBMLevel | int | None]) -> CEBMLevel | None:
    """The strongest of some levels (None entries ignored), or None when there is none.

    >>> strongest([None, CEBMLevel(3), 2])
    <CEBMLevel.RCT_OR_DRAMATIC_EFFECT: 2>
    """
    present = [level for level in levels if level is not None]
    if not present:
        return None
    best = min(present)
    return best if type(best) is CEBMLevel else CEBMLevel(best)
