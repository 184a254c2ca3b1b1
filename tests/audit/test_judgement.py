"""An editor's judgement of a sentence stated without a source (kevidence.audit.kinds)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kevidence.audit.kinds import judge_sentence, propose_kind
from kevidence.audit.model import Severity
from kevidence.claims.model import ClaimKind


@pytest.mark.parametrize(("sentence", "severity"), [
    # Page furniture is not prose.
    ("Skip to main content", None),
    ("The way we use patient data is changing: we aim to provide the highest care.", None),
    ("The guide below examines the success rate of a spinal cord stimulator.", None),
    ("This leaflet explains what a nerve block is.", None),
    # General statements are not reported.
    ("Chronic pain affects quality of life.", None),
    ("We offer epidural steroid injections for sciatica.", None),
    # Numbers and appeals to evidence: warnings, errors about the treatment's effect.
    ("About 75% of those with severe pain report difficulties with work.", Severity.WARNING),
    ("Side effects may affect up to 1 in 10 patients.", Severity.WARNING),
    ("In general, the long-term success rate of a cord stimulator ranges from 47% to 74%.", Severity.ERROR),
    ("Research has shown that they are also effective in helping pain.", Severity.ERROR),
    ("Pain relief lasting weeks to months", Severity.ERROR),
    # Clinical statements as fact: warnings; hedged, negated, conditional, instructions: info.
    ("Complications are extremely unlikely.", Severity.WARNING),
    ("Whilst it does not cure chronic pain, it can help to reduce your pain.", Severity.WARNING),
    ("It helps a lot of people with persistent pain but not everyone.", Severity.WARNING),
    ("You may need to continue treatment for several weeks before the benefits are felt.", Severity.INFO),
    ("If side effects do occur, it may mean that the dose is too high for you.", Severity.INFO),
    ("You should not drive if the treatment makes you drowsy or affects your safety.", Severity.INFO),
    ("It works by dampening down nerve signals.", Severity.INFO),
    ("TENS is a method of pain relief involving a mild electrical current.", Severity.INFO),
    ("The main side effects are:", Severity.INFO),
])
def test_severity_as_an_editor_judges(sentence, severity):
    assert judge_sentence(sentence).severity is severity


def test_furniture_is_not_prose_and_a_recorded_kind_is_kept():
    assert judge_sentence("Skip to main content").prose is False
    assert judge_sentence("Chronic pain affects quality of life.").prose is True
    judged = judge_sentence("Relief can last for two weeks in 60% of people.", kind=ClaimKind.BACKGROUND)
    assert judged.kind is ClaimKind.BACKGROUND and judged.severity is Severity.WARNING


def test_the_clinics_own_voice_is_service_but_a_clinical_cue_beats_a_mention_of_the_doctor():
    assert propose_kind("Our clinic offers nerve blocks.") is ClaimKind.SERVICE
    assert propose_kind("Book an appointment with the team.") is ClaimKind.SERVICE
    assert propose_kind("Serious side effects are rare, but tell your doctor at once.") is ClaimKind.SAFETY


@given(st.text(max_size=400))
def test_every_text_gets_a_judgement(text):
    judged = judge_sentence(text)
    assert judged.severity in (None, *Severity) and (judged.prose or judged.severity is None)


@pytest.mark.parametrize("hostile", ["may " * 20_000, "1 in " * 20_000, "is a " * 20_000 + "method of",
                                     "(" * 50_000, "a," * 50_000])
def test_judgement_takes_linear_time(hostile):
    started = time.perf_counter()
    judge_sentence(hostile)
    assert time.perf_counter() - started < 1.5
