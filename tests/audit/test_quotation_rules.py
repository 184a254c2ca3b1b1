"""altered-quotation and quotation-not-in-source: exact after typography, suggestions only."""

from __future__ import annotations

from tests.audit.audit_helpers import ARTICLE, claim, entry

SOURCE_WORDS = "It reduces pain for several days in most patients and is well tolerated."


def quoting(id: str, printed: str, recorded: str | None = SOURCE_WORDS, **citation: str) -> dict:
    cite = {"source": "trial2020", **citation}
    if recorded is not None:
        cite["quote"] = recorded
    return claim(id, "efficacy", quote=printed, citations=[cite])


def altered(kb) -> dict[str, object]:
    return {f.subject: f for f in kb.audit(select=["altered-quotation"]).findings}


def test_added_and_changed_words_are_reported_word_by_word(make_kb):
    kb = make_kb([quoting("a", "Moreover, it reduces pain for several days in most patients & is well tolerated.")])
    [finding] = kb.audit(select=["KE019"]).findings
    assert (finding.subject, finding.severity.value, finding.related) == ("a", "warning", ("trial2020",))
    assert "added 'Moreover,'; 'and' changed to '&'" in finding.message
    assert f"the closest passage is {SOURCE_WORDS!r}" in finding.message


def test_numbers_and_negations_changed_are_errors(make_kb):
    kb = make_kb([
        quoting("number", "It reduces pain for 12 days in most patients and is well tolerated."),
        quoting("negation", "It does not reduce pain for several days in most patients and is well tolerated."),
    ])
    found = altered(kb)
    assert {k: f.severity.value for k, f in found.items()} == {"number": "error", "negation": "error"}
    assert "'several' changed to '12'" in found["number"].message


def test_typography_alone_is_no_finding(make_kb):
    printed = "\u201cIt reduces pain for several\u00a0days in most patients \u2026 and is well tolerated.\u201d"
    kb = make_kb([
        quoting("curly", printed),
        quoting("fragment", 'The clinic says it "reduces pain for several days" after one infusion.'),
        quoting("ellipsis", '"It reduces pain ... in most patients"'),
        # Printed without quotation marks and nothing like the source's words: a paraphrase.
        quoting("paraphrase", "Patients usually feel better for a while after the drip."),
    ])
    assert altered(kb) == {}


def test_quoted_passage_not_in_the_recorded_words(make_kb):
    kb = make_kb([
        quoting("order", '"is well tolerated ... it reduces pain"'),
        quoting("elsewhere", 'The review says that "ketamine cures every pain".'),
    ])
    found = altered(kb)
    assert set(found) == {"order", "elsewhere"}
    assert "'ketamine cures every pain' as the words of 'trial2020'" in found["elsewhere"].message


def test_claim_quotation_checked_against_the_stored_text_when_no_quotation_is_recorded(make_kb):
    bib = ARTICLE.replace("studydesign = {rct}", "studydesign = {rct},\n  abstract = {" + SOURCE_WORDS + "}")
    kb = make_kb([
        quoting("bad", 'It "reduces pain for many days" says the trial.', recorded=None),
        quoting("good", 'It "reduces pain for several days" says the trial.', recorded=None),
    ], bib)
    assert set(altered(kb)) == {"bad"}


def test_quotation_checked_against_the_abstract(make_kb):
    bib = ARTICLE.replace("studydesign = {rct}", "studydesign = {rct},\n  abstract = {Background. " + SOURCE_WORDS + "}")
    kb = make_kb([
        quoting("found", "x", recorded="it reduces pain for several days\u2026 well tolerated"),
        quoting("missing", "x", recorded="It reduces pain for 12 days in most patients"),
    ], bib)
    findings = {f.subject: f for f in kb.audit(select=["quotation-not-in-source"]).findings}
    assert set(findings) == {"missing"}
    message = findings["missing"].message
    assert "not in the abstract of 'trial2020'" in message and "texts/trial2020.txt" in message
    assert "'several' changed to '12'" in message
    assert findings["missing"].severity.value == "error"  # a number differs


def test_verified_citation_not_in_the_text_file_is_an_error(make_kb):
    text = "Methods. We randomised 40 patients.\n\nResults. Relief lasted 2 weeks in most patients.\n"
    kb = make_kb([
        quoting("verified", "x", recorded="Relief lasted for two weeks in most patients.", attribution="verified"),
        quoting("unchecked", "x", recorded="Relief lasted for two weeks in most patients."),
        quoting("correct", "x", recorded="Relief lasted 2 weeks in most patients", attribution="verified"),
    ], files={"texts/trial2020.txt": text})
    findings = {f.subject: f for f in kb.audit(select=["KE020"]).findings}
    assert set(findings) == {"verified", "unchecked"}
    assert findings["verified"].severity.value == "error"
    assert "marked verified" in findings["verified"].message
    assert "texts/trial2020.txt" in findings["verified"].message
    assert "the closest passage is 'Relief lasted 2 weeks in most patients.'" in findings["unchecked"].message


def test_no_stored_text_no_finding(make_kb):
    kb = make_kb([quoting("a", "x", recorded="words that are nowhere", attribution="verified")])
    assert kb.audit(select=["quotation-not-in-source"]).findings == ()


def test_a_source_text_that_is_not_utf8_is_an_error_naming_the_file(kb_dir):
    import pytest

    import kevidence

    folder = kb_dir([quoting("a", "x", recorded="words")])
    (folder / "texts").mkdir()
    (folder / "texts" / "trial2020.txt").write_bytes("caf\u00e9".encode("latin-1"))
    with pytest.raises(kevidence.KevidenceError) as caught:
        kevidence.load(folder).audit(select=["KE020"])
    [problem] = caught.value.problems
    assert problem.location.file.endswith("trial2020.txt") and "UTF-8" in problem.message and problem.hint


def test_quoted_words_with_nothing_to_compare_are_no_finding(make_kb):
    other = entry("other2021", title="Other", author="A, B.", journal="J", year="2021", studydesign="rct")
    kb = make_kb([claim("a", "efficacy", quote='"a b c d"', citations=[{"source": "trial2020"}, {"source": "other2021"}])],
                 ARTICLE + other)
    # No quotation is recorded and the base holds no text of either source: nothing to compare.
    assert kb.audit(select=["altered-quotation"]).findings == ()


def test_a_quoted_passage_may_come_from_a_cited_source_whose_words_are_not_held(make_kb):
    other = entry("other2021", title="Other", author="A, B.", journal="J", year="2021", studydesign="rct")
    unlike = '"ketamine cures every pain" says one of them.'
    like = '"It reduces pain for many days in most patients and is well tolerated."'
    kb = make_kb([
        claim("unlike", "efficacy", quote=unlike,
              citations=[{"source": "trial2020", "quote": SOURCE_WORDS}, {"source": "other2021"}]),
        claim("like", "efficacy", quote=like,
              citations=[{"source": "trial2020", "quote": SOURCE_WORDS}, {"source": "other2021"}]),
    ], ARTICLE + other)
    # Unlike the recorded words, the passage may be other2021's; nearly them, it is theirs altered.
    assert set(altered(kb)) == {"like"}


def test_british_single_quotation_marks_present_a_passage_too(make_kb):
    kb = make_kb([
        quoting("british", "The trial found it \u2018reduces pain for many days in most patients\u2019."),
        quoting("apostrophe", "The trial\u2019s \u2018windup\u2019 and the patients\u2019 view were discussed."),
        quoting("faithful", "It \u2018reduces pain for several days in most patients\u2019, the trial found."),
    ])
    found = altered(kb)
    assert set(found) == {"british"}
    assert "'several' changed to 'many'" in found["british"].message
