"""Drafting from an article about one treatment: its title (not the page's navigation heading)
names the document, and a sentence that names no treatment, or names it by a shorter or broader
name ("this injection", "joint injections"), is drafted about that treatment."""

from __future__ import annotations

from pathlib import Path

import kevidence
from kevidence.article.draft import draft_claims
from kevidence.article.reading import read_article
from kevidence.audit.kinds import propose_facets
from kevidence.claims.vocabulary import Vocabulary

REPO = Path(__file__).resolve().parents[2]
PLYMOUTH = REPO / "bench" / "editors" / "fresh4" / "articles" / "plymouth-sij.txt"  # a real NHS leaflet

ARTICLE = """Home Page

Sacro-iliac Joint Injections

What is a sacroiliac joint injection?

These are injections targeted at the sacroiliac joint of your lower back.

There is potential for this injection to provide prolonged pain relief and to allow physiotherapy.

Sometimes the joint injections can reduce any inflammation in the joint.

You may take paracetamol for any soreness in the days afterwards.

You must not eat for six hours before the procedure.
"""


def test_the_title_is_the_first_heading_that_is_not_navigation(tmp_path: Path) -> None:
    assert read_article(PLYMOUTH).title == "Sacro-iliac Joint Injections"
    page = tmp_path / "page.md"
    page.write_text("# Home\n\n# Back pain\n\nText.\n", encoding="utf-8")
    assert read_article(page).title == "Back pain"  # "back" alone is navigation, "back pain" is not
    # a site's tools and a leaflet's category stand above its title (as a stored NHS page has them)
    page.write_text("# Accessibility Tools\n\n# Skip to main content\n\n# Patient Information\n\n"
                    "# Piriformis Injection\n\nText.\n", encoding="utf-8")
    assert read_article(page).title == "Piriformis Injection"
    page.write_text("# The Dudley Group NHS Foundation Trust Logo\n\n# Spinal cord stimulation\n\nText.\n",
                    encoding="utf-8")
    assert read_article(page).title == "Spinal cord stimulation"  # an image's alt text is not the title
    page.write_text("# Home Page\n\nText.\n", encoding="utf-8")
    assert read_article(page).title == "Home Page"  # nothing better: the first heading
    plain = tmp_path / "acupuncture-leaflet.txt"  # no heading: a paragraph is not a title
    plain.write_text("The service offers a nurse-led acupuncture clinic, delivering Western medical acupuncture "
                     "to patients experiencing persistent pain.\n", encoding="utf-8")
    assert read_article(plain).title is None
    kb = kevidence.create(tmp_path / "kb")
    draft_claims(kb, plain, "acu", new_document=True)
    assert kb.documents["acu"].title == "acupuncture-leaflet"  # the file's name instead


def test_a_longer_name_wins_over_the_name_inside_it() -> None:
    vocabulary = Vocabulary.builtin()
    # "joint injections" lies inside "sacroiliac joint injections": one treatment is named, not two.
    assert propose_facets("Sacroiliac joint injections", vocabulary)["intervention"] == "sacroiliac-joint-injection"
    assert propose_facets("Sacro-iliac Joint Injections", vocabulary)["intervention"] == "sacroiliac-joint-injection"
    both = propose_facets("knee joint injections or sacroiliac joint injections", vocabulary)
    assert both["intervention"] == "joint-injection"  # both named on their own: the first by id


def test_drafted_claims_are_about_the_articles_treatment(tmp_path: Path) -> None:
    article = tmp_path / "sij.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    kb = kevidence.create(tmp_path / "kb")
    drafted = draft_claims(kb, article, "sij", new_document=True)
    assert kb.documents["sij"].title == "Sacro-iliac Joint Injections"
    about = {" ".join(d.claim["quote"].split()[:2]): d.claim.get("intervention") for d in drafted}
    assert about == {
        "These are": "sacroiliac-joint-injection",  # by its name
        "There is": "sacroiliac-joint-injection",  # "this injection", beside physiotherapy
        "Sometimes the": "sacroiliac-joint-injection",  # "the joint injections", as the title says
        "You may": "paracetamol",  # another treatment keeps its own name
        "You must": "sacroiliac-joint-injection",  # no treatment named: the procedure's instructions
    }


def test_a_head_word_inside_another_treatments_name_is_that_treatment(tmp_path: Path) -> None:
    article = tmp_path / "scs.txt"
    article.write_text("Spinal cord stimulation\n\nThe stimulation can reduce leg pain for many people.\n\n"
                       "Transcutaneous electrical nerve stimulation is a different treatment for back pain.\n",
                       encoding="utf-8")
    kb = kevidence.create(tmp_path / "kb")
    about = {d.claim["quote"].split()[0]: d.claim.get("intervention") for d in draft_claims(kb, article, "scs",
                                                                                          new_document=True)}
    assert about == {"The": "spinal-cord-stimulation", "Transcutaneous": "tens"}
