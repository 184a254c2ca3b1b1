"""Every rule that compares a quotation with words asks the one text core, and so they agree.

The same (quotation, text) pairs go to :func:`kevidence.text.quotations.found_in`, to the
quotation rules of the audit (KE019 a claim's quotation against the recorded words, KE020 a
recorded quotation against the source's stored text) and to the article check (KE107/KE109:
where a recorded quotation stands in the article; KE109: a quotation the article prints against
the words recorded for its source): each says "found" for the same pairs.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.article.check import check_article
from kevidence.text.quotations import found_in
from tests.audit.audit_helpers import ARTICLE

# Words that are parts of one another ("2" of "12", "relief" of "reliefs") and a capital.
WORDS = ["2", "12", "weeks", "relief", "reliefs", "of", "not", "pain", "lasted", "Relief", "for", "in"]
SPACES = st.sampled_from([" ", "\u00a0", "  ", "\n"])


@st.composite
def pairs(draw: st.DrawFn) -> tuple[str, str]:
    """A text, and a quotation: a run of its words, some changed, typography varied, perhaps
    cut inside a word."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=12))
    start = draw(st.integers(0, len(words) - 3))
    end = draw(st.integers(start + 3, len(words)))
    quoted = list(words[start:end])
    for _ in range(draw(st.integers(0, 2))):
        quoted[draw(st.integers(0, len(quoted) - 1))] = draw(st.sampled_from(WORDS))
    quotation = "".join(w + draw(SPACES) for w in quoted).strip()
    if draw(st.booleans()):  # cut inside a word at either end: "2 weeks" out of "12 weeks"
        quotation = quotation[draw(st.integers(0, 2)):len(quotation) - draw(st.integers(0, 2))]
    assume(len(quotation.split()) >= 3)  # fewer words in quotation marks are a term, not a quotation
    return quotation, " ".join(words) + "."


def _verdicts(quotation: str, text: str, folder: Path) -> dict[str, bool]:
    """Whether each rule finds ``quotation`` in ``text`` (no finding about it)."""
    claims = [
        # KE020: the recorded quotation against the source's stored text.
        {"id": "recorded", "statement": "s", "kind": "background",
         "citations": [{"source": "trial2020", "quote": quotation}]},
        # KE019: the words the claim presents in quotation marks against the recorded words.
        {"id": "presented", "statement": "s", "kind": "background", "quote": f"\u201c{quotation}\u201d",
         "citations": [{"source": "trial2020", "quote": text}]},
        # KE107/KE109: where the recorded quotation stands in the article.
        {"id": "located", "statement": "s", "kind": "background", "quote": quotation,
         "stated_in": [{"document": "text"}]},
        # KE109: the quotation the article prints against the recorded words of its source.
        {"id": "printed", "statement": "s", "kind": "background",
         "quote": f"The trial reported \u201c{quotation}\u201d in patients.",
         "stated_in": [{"document": "printing"}], "citations": [{"source": "trial2020", "quote": text}]},
    ]
    documents = [{"id": "text", "title": "The text", "path": "text.txt"},
                 {"id": "printing", "title": "The printing", "path": "printing.txt"}]
    (folder / "texts").mkdir()
    (folder / "texts" / "trial2020.txt").write_text(text, encoding="utf-8")
    (folder / "references.bib").write_text(ARTICLE, encoding="utf-8")
    (folder / "claims.json").write_text(json.dumps({"documents": documents, "claims": claims}), encoding="utf-8")
    (folder / "text.txt").write_text(f"Trial notes\n\n{text}\n", encoding="utf-8")
    (folder / "printing.txt").write_text(
        f"Trial notes\n\nThe trial reported \u201c{quotation}\u201d in patients.\n", encoding="utf-8")
    kb = kevidence.load(folder)
    audit = kb.audit(select=["KE019", "KE020"])
    located = check_article(kb, folder / "text.txt", "text", select=["KE107", "KE109"])
    printing = check_article(kb, folder / "printing.txt", "printing", select=["KE107", "KE109"])
    return {
        "found_in": found_in(quotation, text),
        "KE020": not [f for f in audit.findings if f.rule == "KE020" and f.subject == "recorded"],
        "KE019": not [f for f in audit.findings if f.rule == "KE019" and f.subject == "presented"],
        "article locates": bool(located.analysis.quotes["located"] and located.analysis.quotes["located"].exact),
        "KE107/KE109 located": not [f for f in located.findings if f.subject == "located"],
        "KE109 printed": not [f for f in printing.findings if f.subject == "printed"],
    }


@settings(max_examples=40, deadline=None)
@given(pairs())
def test_every_rule_that_compares_quotations_agrees(pair: tuple[str, str]) -> None:
    quotation, text = pair
    with tempfile.TemporaryDirectory() as folder:
        verdicts = _verdicts(quotation, text, Path(folder))
    assert len(set(verdicts.values())) == 1, (quotation, text, verdicts)


def test_the_rules_agree_on_a_number_inside_another() -> None:
    for quotation, text, found in [("2 weeks of relief", "12 weeks of relief.", False),
                                   ("12 weeks of relief", "2 weeks of relief.", False),
                                   ("weeks of relief", "12 weeks of relief.", True)]:
        with tempfile.TemporaryDirectory() as folder:
            verdicts = _verdicts(quotation, text, Path(folder))
        assert set(verdicts.values()) == {found}, (quotation, verdicts)
