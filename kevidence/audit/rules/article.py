"""The article rules (KE101-KE110) and the proposed-claim rule (KE111), in the audit's registry.

An article rule judges the :class:`~kevidence.article.analysis.ArticleAnalysis` of the audit
context's ``article`` (``kevidence article check`` passes it to
:func:`~kevidence.audit.engine.run_audit`); in an audit of the base alone it finds nothing. Its findings point at the article's file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from kevidence.audit.model import Finding, Severity
from kevidence.audit.registry import Rule, rule
from kevidence.audit.rules.quotations import difference
from kevidence.claims.model import CLINICAL_KINDS
from kevidence.errors import Location
from kevidence.text.pairing import OPENERS, find_quotations
from kevidence.text.quotations import closest_passage, describe_changes, found_in, word_changes

if TYPE_CHECKING:
    from kevidence.article.analysis import ArticleAnalysis
    from kevidence.article.model import Sentence
    from kevidence.audit.context import AuditContext
    from kevidence.audit.kinds import Judgement
    from kevidence.claims.model import Claim

ARTICLE_RULES = ("KE101", "KE102", "KE103", "KE104", "KE105", "KE106", "KE107", "KE108", "KE109", "KE110")
#: Fewer words than this is a fragment, not a statement.
MIN_STATEMENT_WORDS = 4


def _excerpt(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def sentence_subject(analysis: ArticleAnalysis, sentence: Sentence) -> str:
    """A recorded claim's id for a sentence that states one, else 'line L:C'."""
    ids = analysis.sentence_claims.get(sentence.index)
    if ids:
        return ids[0]
    line, column = analysis.article.source.line_column(sentence.start)
    return f"line {line}:{column}"


_ASCII_DIGITS = frozenset("0123456789")


def _flat(text: str, start: int) -> bool:
    """Whether a reference number at ``start`` is printed flat against the word before it ("Health1"), or
    against that word's full stop ("inflammation.3-6")."""
    before = text[max(0, start - 2):start]
    return before[-1:].isalpha() or (before[-1:] == "." and before[:1].isalpha())


@rule(
    "KE101", "unknown-marker", Severity.ERROR,
    summary=("A marker in the article points to no entry of its reference list (or, for [@key], to no .bib key); "
             "a reference number printed flat against a word ('Health1') is a warning; a marker in a text that has no "
             "reference list and stops mid-sentence is info (the list may lie beyond the cut). Markers of an article with no "
             "reference list at all, author-year citations ('Smith et al. (2019)') included, are one finding, at the "
             "first of them; info when all of them name their source by author and year."),
    why="A reader following marker [7] to the list finds nothing: the statement has no source they can check.",
    example="relief can last for two weeks [7]   (the list ends at [5])",
    fix="Correct the marker's number, or add the missing entry to the reference list.",
)
def unknown_marker(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    analysis = ctx.article
    if analysis is None:
        return
    numbers = analysis.by_number
    listed = len(analysis.references)
    cut_off = _text_cut_off(analysis)
    unlisted: list[tuple[str, Location]] = []  # markers of a text without a reference list: one defect, one finding
    named = 0  # how many of them name their source by author and year
    for sentence in analysis.sentences:
        block = analysis.article.blocks[sentence.block]
        for marker in sentence.markers:
            missing = [n for n in marker.numbers if n not in numbers]
            keys = [k for k in marker.keys if k not in analysis.sources]
            where = analysis.location(block.offsets.source_offset(marker.start))
            if marker.text[:1] in _ASCII_DIGITS and _flat(block.text, marker.start):  # "¹" is raised: never flat
                word = block.text[max(0, marker.start - 20):marker.end].split()[-1]
                numbered = ", ".join(str(n) for n in marker.numbers)
                yield this.finding(marker.text, f"reference number {numbered} is printed flat against the word before it "
                                   f"({word!r}) and reads as part of it; print it as a marker ([{numbered}] or a "
                                   "superscript)" + ("" if listed else ", and add the reference list it points to"),
                                   where, severity=Severity.WARNING)
                continue
            if marker.text.endswith(")") and not marker.numbers and not marker.keys:
                if listed:  # an author-year citation naming no entry of the list
                    yield this.finding(marker.text, f"citation {marker.text} names no entry of the reference list; "
                                       "add the entry or correct the name or year", where)
                else:  # nothing to look it up in: part of the one missing list
                    unlisted.append((marker.text, where))
                    named += 1
                continue
            if not missing and not keys:
                continue
            if keys:
                message = f"marker {marker.text} names {', '.join(keys)}, not in the .bib; add the entry or fix the key"
            elif not listed:
                unlisted.append((marker.text, where))
                continue
            else:
                message = (f"marker {marker.text} points to {', '.join(f'[{n}]' for n in missing)}, "
                           f"but the reference list has {listed} entries; fix the number or add the entry")
            yield this.finding(marker.text, message, where)
    if unlisted:
        first, where = unlisted[0]
        distinct = list(dict.fromkeys(text for text, _ in unlisted))  # a marker printed twice is named once
        shown = ", ".join(distinct[:_MARKERS_SHOWN])
        more = f" and {len(distinct) - _MARKERS_SHOWN} more" if len(distinct) > _MARKERS_SHOWN else ""
        counted = f"{len(unlisted)} markers ({shown}{more})" if len(unlisted) > 1 else f"marker {first}"
        if named == len(unlisted):  # "(Public Health England 2014)": each names a source a reader can look up
            cited = counted.replace("markers", "citations", 1) if named > 1 else f"citation {first}"
            yield this.finding(first, f"{cited} name{' their sources' if named > 1 else 's its source'} by author "
                               "and year, but the article has no reference list; add one (a 'References' heading) so "
                               "that readers can find each", where, severity=Severity.INFO)
        elif cut_off:
            yield this.finding(first, f"{counted}: no reference list in the text, which stops mid-sentence; the list "
                               "may lie beyond the cut (check it lists these numbers)", where, severity=Severity.INFO)
        else:
            yield this.finding(first, f"{counted}, but the article has no reference list; add one (a 'References' "
                               "heading) with an entry for each", where)


#: How many markers a finding about a missing reference list names before "and N more".
_MARKERS_SHOWN = 6


@rule(
    "KE102", "uncited-reference", Severity.WARNING,
    summary="An entry of the article's reference list that no marker in the text cites.",
    why="A listed source that nothing cites suggests a marker was lost in editing, or the list was copied from elsewhere.",
    example="[4]. Orhurhu et al. ...   (no [4] in the text)",
    fix="Put the marker back where the source is used, or remove the entry from the list.",
)
def uncited_reference(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    analysis = ctx.article
    if analysis is None:
        return
    cited = {n for s in analysis.sentences for m in s.markers for n in m.numbers}
    cited_keys = {k for s in analysis.sentences for m in s.markers for k in m.keys}
    for match in analysis.references:
        entry = match.entry
        if entry.number in cited or (entry.key is not None and entry.key in cited_keys):
            continue
        yield this.finding(f"[{entry.label}]", f"reference [{entry.label}] ({_excerpt(entry.text, 50)}) is cited "
                           "nowhere in the text; restore its marker or remove the entry",
                           analysis.location(entry.offset), related=(match.key,) if match.key else ())


@rule(
    "KE103", "unmatched-reference", Severity.ERROR,
    summary="An entry of the reference list that matches no .bib entry (by DOI, PMID, or title with author and year).",
    why="The base cannot vouch for a source it does not hold: the statements citing it go unchecked.",
    example="[6]. Smith J. Ketamine and mood. 2021.   (no such entry in references.bib)",
    fix="Add the source to references.bib (kevidence add-source), or correct the entry's DOI or title.",
)
def unmatched_reference(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    analysis = ctx.article
    if analysis is None:
        return
    for match in analysis.references:
        if match.match != "none":
            continue
        hint = f" (nearest: {match.candidates[0]!r}, too far to be a match)" if match.candidates else ""
        yield this.finding(f"[{match.entry.label}]", f"reference [{match.entry.label}] matches no .bib entry{hint}; "
                           "add it with 'kevidence add-source' or give its DOI", analysis.location(match.entry.offset))


@rule(
    "KE104", "ambiguous-reference", Severity.WARNING,
    summary="An entry of the reference list that fits several .bib entries about equally well.",
    why="kevidence never guesses which source is meant: a wrong guess would attach evidence to the wrong claim.",
    example="[2]. Maher D. Ketamine infusions. 2017.   (two 2017 Maher entries in references.bib)",
    fix="Give the entry its DOI or PMID, or its full title, so that one source fits.",
)
def ambiguous_reference(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    analysis = ctx.article
    if analysis is None:
        return
    for match in analysis.references:
        if match.match == "ambiguous":
            yield this.finding(f"[{match.entry.label}]", f"reference [{match.entry.label}] fits "
                               f"{' and '.join(repr(k) for k in match.candidates)} alike; add its DOI or PMID",
                               analysis.location(match.entry.offset), related=match.candidates)


@rule(
    "KE105", "reference-metadata-mismatch", Severity.WARNING,
    summary="The reference list's authors, year or title disagree with the verified fields of the matched .bib entry.",
    why="A reader looking the source up by the list's details finds another paper, or none.",
    example="[2]. Maher D. ... 2016   (the verified year is 2017)",
    fix="Correct the article's reference list from the verified entry.",
)
def reference_metadata_mismatch(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    analysis = ctx.article
    if analysis is None:
        return
    for match in analysis.references:
        for disagreement in match.disagreements:
            yield this.finding(f"[{match.entry.label}]", f"reference [{match.entry.label}] ({match.key}): {disagreement}",
                               analysis.location(match.entry.offset), related=(match.key,) if match.key else ())


@rule(
    "KE106", "unsourced-sentence", Severity.ERROR,
    summary=("A sentence of the article states something and carries no marker (headings, questions and page "
             "furniture are skipped)."),
    why=("The reader sees a statement with nothing to check it against. Severity follows an editor's judgement "
         "(one definition, shared with the draft's kinds): a number, percentage, success rate, frequency "
         "('1 in 10'), duration of relief, share of patients ('for most patients') or appeal to evidence "
         "('studies show', 'in the literature', 'well-established') is a "
         "warning, an error when it is an efficacy statement (the treatment's effect); an efficacy, safety or "
         "contraindication statement stated as fact (a reassurance such as 'this will resolve' included) is a "
         "warning; background, definitions, mechanism, the service's own text, instructions, a use or purpose "
         "('is done to relieve back pain'), a bare disclosure that side effects exist, and statements hedged "
         "with may, might, could or 'not everyone' are info, and so is a list item under a lead-in that "
         "states an aim or whom the treatment is for ('The injection aims to:') or announces risks ('the risks, "
         "including:'); an item under a lead-in that announces benefits ('Benefits include:') is judged however "
         "short ('- Pain relief'). A sentence that opens as a question ('Does your medication ...') is skipped "
         "like one that ends in a question mark. A sentence broken by a stray "
         "full stop is judged whole; the article's last sentence cut off mid-word is info. A study named by "
         "year and journal ('In a 2017 article published in the journal Pain'), by its journal or by its "
         "authors with their degrees is info, and so are the later "
         "sentences of its paragraph, which report it. Page furniture (navigation, 'Skip to main content', data "
         "and cookie "
         "notices, bylines, 'the guide below') is not checked. A sentence whose recorded claim cites no "
         "source is left to unsourced-claim (KE001), which reports it once, at the claim; a sentence whose "
         "recorded claim cites "
         "a source the article does not mark is reported here (an error for efficacy, safety, mechanism and "
         "contraindication claims, else a warning), naming the marker or reference to print. A sentence "
         "whose recorded claim lists markers is sourced."),
    example="Success rates vary from 60%-80% in the literature.   (error: an efficacy statistic, no study cited)",
    fix="Add a marker to a source that says it, or reword the sentence so that it claims nothing.",
)
def unsourced_sentence(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    analysis = ctx.article
    if analysis is None:
        return
    lead_ins = list_lead_ins(analysis)
    for sentence in analysis.sentences:
        if sentence.all_markers or continues_sentence(analysis.sentences, sentence.index):
            continue
        claims = [analysis.claims[i] for i in analysis.sentence_claims.get(sentence.index, ())]
        recorded = recorded_markers(analysis, claims)
        if recorded and _printed_after(analysis, sentence, recorded):
            continue  # the editor recorded which later marker covers it, and the article still prints it
        cited = [c for c in claims if c.citations]
        if claims and not cited:
            continue  # unsourced-claim (KE001) reports the claim: one finding per defect
        where = analysis.location(sentence.start)
        if cited:
            kinds = {c.kind for c in cited}
            kind = "/".join(sorted(k.value for k in kinds))
            lost = f" (its claim records {', '.join(sorted(recorded))}, no longer printed here)" if recorded else ""
            yield this.finding(
                sentence_subject(analysis, sentence),
                f"{kind} statement without a marker{lost}: \u201c{_excerpt(sentence.text)}\u201d; "
                f"{marker_to_print(analysis, [x.source for c in cited for x in c.citations])}",
                where, severity=Severity.ERROR if kinds & CLINICAL_KINDS else Severity.WARNING,
            )
            continue
        judgement = judge_article_sentence(analysis, sentence, lead_ins)
        if judgement is None or judgement.severity is None:
            continue
        advice = ("add a marker to a study that supports it" if judgement.severity is not Severity.INFO
                  else "add a marker to a source, or reword it so that it claims nothing")
        yield this.finding(
            sentence_subject(analysis, sentence),
            f"{judgement.reason} without a source ({judgement.kind.value}): \u201c{_excerpt(sentence.text)}\u201d; "
            f"{advice}",
            where, severity=judgement.severity,
        )


def judge_article_sentence(analysis: ArticleAnalysis, sentence: Sentence,
                           lead_ins: dict[int, str] | None = None) -> Judgement | None:
    """How the article check judges an unmarked ``sentence`` stated without a source: its
    :class:`~kevidence.audit.kinds.Judgement`, or None when the check does not judge it (it carries a
    marker, continues the sentence before it, or is a question or a fragment). One definition for the
    unsourced-sentence rule (KE106) and for a drafted claim's severity (KE001), so that drafting an
    article never changes how one of its sentences is judged."""
    from kevidence.audit.kinds import announces_benefits, judge_sentence

    sentences = analysis.sentences
    if sentence.all_markers or continues_sentence(sentences, sentence.index):
        return None
    if sentence.is_question:
        return None
    if lead_ins is None:
        lead_ins = list_lead_ins(analysis)
    lead_in = lead_ins.get(sentence.block)
    if len(sentence.text.split()) < MIN_STATEMENT_WORDS and not (lead_in and announces_benefits(lead_in)):
        return None  # a fragment; an item under "Benefits include:" ("- Pain relief") is one benefit claimed
    text = sentence.text
    following = sentence.index + 1
    while following < len(sentences) and continues_sentence(sentences, following) \
            and not sentences[following].all_markers:
        text = f"{text} {sentences[following].text}"  # a stray full stop broke the sentence
        following += 1
    publisher = analysis.document.publisher if analysis.document else None
    judgement = judge_sentence(text, publisher, lead_in=lead_in)
    named = analysis.first_study_sentence(sentence.block)
    if judgement.severity in (Severity.WARNING, Severity.ERROR) and named is not None and named < sentence.index:
        # The paragraph reports a study it has named ("In a 2017 article published in the journal Pain, ...
        # The majority of subjects reported ..."): its later sentences are that study's results.
        judgement = replace(judgement, severity=Severity.INFO,
                            reason=f"{judgement.reason} of the study named before it in the paragraph")
    if judgement.severity is not None and judgement.severity is not Severity.INFO \
            and following == len(sentences) and is_cut_off(analysis, sentences[-1]):
        judgement = replace(judgement, severity=Severity.INFO, reason=f"{judgement.reason} cut off before its end")
    return judgement


#: Block kinds by value (``BlockKind`` is a str enum of kevidence.article, a layer above the audit's).
_HEADING, _PARAGRAPH, _ITEM = "heading", "paragraph", "item"


def list_lead_ins(analysis: ArticleAnalysis) -> dict[int, str]:
    """The lead-in of each list item block, by block index: the paragraph ending in a colon that
    opens its list ("The injection aims to:"), or the heading over it."""
    last_sentence = {s.block: s.text for s in analysis.sentences}
    lead_ins: dict[int, str] = {}
    current: str | None = None
    for index, block in enumerate(analysis.article.blocks):
        if block.kind == _ITEM:
            if current is not None:
                lead_ins[index] = current
            continue
        text = last_sentence.get(index, block.text)
        current = text if block.kind == _HEADING or text.rstrip().endswith(":") else None
    return lead_ins


def is_cut_off(analysis: ArticleAnalysis, sentence: Sentence) -> bool:
    """Whether the article's last sentence stops short: a paragraph's prose that ends the text on a
    letter, without closing punctuation ("... can provide pain relief lasting from six month"), as
    a page excerpt cut at a length does. An editor does not judge half a sentence."""
    block = analysis.article.blocks[sentence.block]
    return (block.kind == _PARAGRAPH and sentence.block == len(analysis.article.blocks) - 1
            and sentence.text.rstrip()[-1:].isalpha())


def _text_cut_off(analysis: ArticleAnalysis) -> bool:
    """Whether the stored text stops short: its last sentence is cut off (:func:`is_cut_off`), or its
    last block is a long line that stops on a letter ("There is a very small risk of introducing
    infection and if you ar"), which a plain-text reading takes for a heading since it has no full stop."""
    if analysis.sentences and is_cut_off(analysis, analysis.sentences[-1]):
        return True
    blocks = analysis.article.blocks
    if not blocks:
        return False
    last = blocks[-1].text.rstrip()
    return blocks[-1].kind == _HEADING and len(last.split()) >= _CUT_LINE_WORDS and last[-1:].isalpha()


_CUT_LINE_WORDS = 10
"""A heading has fewer words; a last line this long that stops on a letter is prose cut off."""


def continues_sentence(sentences: list[Sentence], index: int) -> bool:
    """Whether sentence ``index`` is the tail of the one before, cut off by a stray full stop: it
    starts in lower case, in the same block ("... or physical therapy. have not provided ...")."""
    if index == 0 or index >= len(sentences):
        return False
    this, before = sentences[index], sentences[index - 1]
    first = this.text.lstrip()[:1]
    return this.block == before.block and first.isalpha() and first.islower()


def marker_to_print(analysis: ArticleAnalysis, keys: list[str]) -> str:
    """What to print for sources the base cites: each one's marker in the reference list, or the
    reference to add to the list."""
    numbers = {m.key: m.entry.label for m in analysis.references if m.key}
    keys = list(dict.fromkeys(keys))
    listed = [f"[{numbers[k]}] ({k})" for k in keys if k in numbers]
    unlisted = [k for k in keys if k not in numbers]
    parts = []
    if listed:
        parts.append(f"print {' '.join(listed)} here")
    if unlisted:
        what = "add " + ", ".join(unlisted) + " to the reference list and print its marker here"
        parts.append(what if analysis.references else what.replace("add", "add a reference list with", 1))
    return "its claim cites " + ", ".join(keys) + ": " + "; ".join(parts)


def recorded_markers(analysis: ArticleAnalysis, claims: list[Claim]) -> set[str]:
    """The markers the claims record for this document, spaces removed ('[2,3]')."""
    if analysis.document is None:
        return set()
    return {"".join(m.split()) for c in claims for s in c.stated_in if s.document == analysis.document.id
            for m in s.markers}


def _printed_after(analysis: ArticleAnalysis, sentence: Sentence, markers: set[str]) -> bool:
    """Whether one of ``markers`` stands later in the sentence's paragraph."""
    block = analysis.article.blocks[sentence.block]
    return any("".join(m.text.split()) in markers for m in block.markers if m.start >= sentence.block_start)


@rule(
    "KE107", "quotation-drift", Severity.ERROR,
    summary="A recorded claim of this document whose quotation is no longer in the article, nor anything close to it.",
    why="The article was edited: the base records words the reader no longer sees, and the claim may be gone.",
    example='"quote": "relief can last for two weeks"   (the sentence was removed)',
    fix="Record the article's current words as the claim's quote, or remove the claim if the article dropped it.",
)
def quotation_drift(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    analysis = ctx.article
    if analysis is None:
        return
    for claim_id, span in analysis.quotes.items():
        claim = analysis.claims[claim_id]
        if claim.quote and span is None:
            yield this.finding(claim_id, f"the quotation of claim {claim_id!r} (\u201c{_excerpt(claim.quote, 60)}\u201d) "
                               f"is no longer in {analysis.article.file or 'the article'}; update or remove the claim",
                               analysis.claim_location(claim_id))


@rule(
    "KE108", "unrecorded-marked-sentence", Severity.WARNING,
    summary="A sentence with a marker that no recorded claim of this document covers.",
    why="The article cites a source for something the base does not hold: nobody checks that claim.",
    example="Relief lasts longer with higher doses [2].   (no claim quotes it)",
    fix="Record the claim ('kevidence article draft' proposes it), with the quote as the article prints it.",
)
def unrecorded_marked_sentence(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    analysis = ctx.article
    if analysis is None or analysis.document is None:
        return
    for sentence in analysis.sentences:
        if sentence.markers and sentence.index not in analysis.sentence_claims:
            markers = " ".join(m.text for m in sentence.markers)
            yield this.finding(sentence_subject(analysis, sentence),
                               f"sentence with {markers} states no recorded claim: \u201c{_excerpt(sentence.text)}\u201d; "
                               "record it (kevidence article draft)", analysis.location(sentence.start))


@rule(
    "KE109", "quotation-mismatch", Severity.ERROR,
    summary="The article's words differ from a recorded quotation: the claim's quote, or the source's words it quotes.",
    why=("Quotations are verbatim or they are not quotations. Only typography (curly quotes, dashes, spacing, "
         "ellipses) is ignored; 'two weeks' for 'twelve weeks' is a different claim."),
    example='article: \u201crelief can last for twelve weeks\u201d; claim quote: "relief can last for two weeks"',
    fix="Restore the words in the article, or re-record the quotation from the article (and check the source says it).",
)
def quotation_mismatch(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    analysis = ctx.article
    if analysis is None:
        return
    for claim_id, span in analysis.quotes.items():
        claim = analysis.claims[claim_id]
        if span is not None and not span.exact and claim.quote:
            yield this.finding(claim_id, f"the article's words differ from the quote of claim {claim_id!r}: "
                               f"{word_difference(claim.quote, span.passage)} in "
                               f"\u201c{_excerpt(span.passage, 80)}\u201d; restore the words or re-record the quote",
                               analysis.location(span.start))
    for claim_id, key, offset, words in misquoted_sources(analysis):
        recorded = next(c.quote for c in analysis.claims[claim_id].citations if c.source == key and c.quote)
        yield this.finding(claim_id, f"the article quotes \u201c{_excerpt(words, 60)}\u201d, which is not in the "
                           f"recorded words of {key!r}{difference(words, closest_passage(words, recorded))[0]}; "
                           "check the source and correct the quotation", analysis.location(offset), related=(key,))


def word_difference(recorded: str, passage: str) -> str:
    """The words the article's ``passage`` adds, drops or changes against a ``recorded``
    quotation, for a message (the passage may run on before and after the quotation).

    >>> word_difference("relief can last for two weeks", "Studies say relief can last for twelve weeks here")
    "'two' changed to 'twelve'"
    """
    closest = closest_passage(recorded, passage)
    if closest is None:
        return "no word in common"
    changes = word_changes(closest.text, recorded)
    return describe_changes(changes) if changes else "only letter case or punctuation differs"


def misquoted_sources(analysis: ArticleAnalysis) -> Iterator[tuple[str, str, int, str]]:
    """(claim id, key, source offset, words) for each quotation printed in a recorded claim's span
    whose words are not in the source words recorded on one of the claim's citations."""
    quoting = [(claim_id, span) for claim_id, span in analysis.quotes.items()
               if span is not None and span.exact and any(c.quote for c in analysis.claims[claim_id].citations)]
    if not quoting:
        return
    for block in analysis.article.blocks:
        block_start = block.offsets.source_offset(0)
        block_end = block.offsets.source_offset(max(0, len(block.text) - 1)) + 1
        near = [(c, span) for c, span in quoting if span.start < block_end and span.end > block_start]
        if not near:
            continue
        for open_at, close_at in find_quotations(block.text).closed:
            start = block.offsets.source_offset(open_at)
            end = block.offsets.source_offset(close_at)
            words = block.text[open_at + 1:close_at]
            if not any(ch.isalnum() for ch in words):
                continue
            for claim_id, span in near:
                if not (span.start <= start + 1 and span.end >= end - 1):
                    continue
                for citation in analysis.claims[claim_id].citations:
                    if citation.quote and not found_in(words, citation.quote):
                        yield claim_id, citation.source, start, words



@rule(
    "KE110", "unbalanced-quotation", Severity.WARNING,
    summary="An opening quotation mark without its closing mark, or a closing mark without its opening one.",
    why="Where a quotation starts or ends decides which words are the source's: a stray mark hides that.",
    example="Studies indicate that ... relief can last for two weeks\u201d [2]",
    fix="Add the missing mark where the quotation starts (or ends), or remove the stray one.",
)
def unbalanced_quotation(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    analysis = ctx.article
    if analysis is None:
        return
    blocks = analysis.article.blocks
    # A text cut off mid-quotation ("... to feel \u201cfluey\u201d or just \u201cwash") lost the closing
    # mark with the rest of its last paragraph: nothing for the editor to add.
    cut = _text_cut_off(analysis)
    for index, block in enumerate(blocks):
        for at in find_quotations(block.text).unmatched:
            mark = block.text[at]
            if cut and index == len(blocks) - 1 and mark != "\u201d":
                continue
            what = "opening" if mark in OPENERS else "closing" if mark == "\u201d" else "straight"
            context = _excerpt(block.text[max(0, at - 40):at + 1], 50)
            yield this.finding(mark, f"{what} quotation mark {mark} has no partner in this paragraph "
                               f"(\u2026{context}); add the missing mark", analysis.location(block.offsets.source_offset(at)))


@rule(
    "KE111", "proposed-claim", Severity.WARNING,
    summary="A claim drafted from an article ('review': 'proposed') that no editor has confirmed yet.",
    why=("A drafted claim's kind, facets and citations are proposals read off the text: someone must check them. "
         "A drafted claim that cites no source is left to unsourced-claim (KE001), which reports it where its "
         "sentence needs a source and says it awaits review: one finding per claim. A drafted claim that needs "
         "no source (a definition, the service's instructions) is no finding; 'kevidence audit' and 'article "
         "check' count every claim awaiting review in a note, and 'kevidence query --proposed' lists them."),
    example='{"id": "ketamine-relief-two-weeks", "review": "proposed", ...}',
    fix="Check the claim against the article and its sources, correct it, then remove its 'review' field.",
)
def proposed_claim(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for claim in ctx.claims.values():
        if claim.review == "proposed" and claim.citations:  # uncited: KE001 reports it
            yield this.finding(claim.id, f"claim {claim.id!r} was drafted from an article and awaits review; "
                               "check it, then remove its 'review' field", ctx.claim_location(claim.id))
