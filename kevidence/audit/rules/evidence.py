"""Rules about what a claim's evidence can bear: the level it asserts, how many and what kind
of sources hold it up, and whether those sources are about the same thing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache, partial
from operator import attrgetter
from typing import Any, Generic, TypeVar

from kevidence.audit.context import AuditContext
from kevidence.audit.model import Finding, Severity
from kevidence.audit.registry import Rule, find_rule, rule
from kevidence.claims.facets import facet_of
from kevidence.claims.model import Claim, ClaimKind, Stance
from kevidence.claims.vocabulary import Facet, Term, Vocabulary
from kevidence.sources.evidence import CEBMLevel, level_is_stronger
from kevidence.sources.latex import decode_latex
from kevidence.sources.model import Source, split_list


def _design_label(source: Source) -> str:
    design = source.study_design
    if design is None:
        return "no study design recorded"
    return f"{design.label}, design unverified" if source.design_unverified else design.label


@rule(
    "KE009",
    "overstated-evidence",
    Severity.ERROR,
    summary="A claim asserts a stronger evidence level than its sources can support.",
    why=(
        "A patient reads 'level 2 evidence' as 'trials showed it'. If the claim rests on a "
        "narrative review, a web page or weaker studies, the article promises more certainty "
        "than exists. The supportable level is the best level of any source reached from the "
        "claim through 'derived_from' and supporting citations, including the studies a cited "
        "source cites."
    ),
    example='"evidence": {"level": 2} on a claim whose only source has studydesign = {narrative-review}',
    fix=(
        "Lower the asserted level to what the sources support, or cite the trial or systematic "
        "review that supports it (and record its studydesign)."
    ),
)
def overstated_evidence(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for claim in ctx.claims.values():
        if claim.evidence is None:
            continue
        asserted = claim.evidence.level
        support = ctx.support(claim.id)
        if not level_is_stronger(asserted, support.best_level):
            continue
        if support.best_level is None:
            if support.sources:
                designs = "; ".join(f"{k}: {_design_label(ctx.sources[k])}" for k in support.sources)
                reason = f"none of its sources has a design that supports a level ({designs})"
            else:
                reason = "it rests on no source in the .bib"
        else:
            reason = (
                f"its best source supports level {int(support.best_level)} "
                f"({', '.join(support.best_sources)}: {_design_label(ctx.sources[support.best_sources[0]])})"
            )
        yield this.finding(
            claim.id,
            f"claim {claim.id!r} asserts CEBM level {int(asserted)} "
            f"({CEBMLevel(asserted).description}) but {reason}; lower the level or cite evidence that supports it",
            ctx.claim_location(claim.id),
            related=support.sources,
        )


@rule(
    "KE010",
    "weak-support",
    Severity.WARNING,
    summary="An efficacy claim rests only on non-research sources (web pages, leaflets, narrative "
    "reviews, expert opinion).",
    why=(
        "Whether a treatment works is a question for studies. Web pages, leaflets and narrative "
        "reviews repeat what others found; a claim resting only on them has no evidence an "
        "editor can weigh. Sources without a recorded design are not judged."
    ),
    example='an efficacy claim citing only @online{hospital2020, studydesign = {web-page}}',
    fix="Cite the trials or systematic review behind the statement (a review's own 'cites' field counts), or soften the claim.",
)
def weak_support(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for claim in ctx.claims.values():
        if claim.kind is not ClaimKind.EFFICACY:
            continue
        support = ctx.support(claim.id)
        if not support.sources:
            continue
        designs = [ctx.sources[k].study_design for k in support.sources]
        if any(d is None or d.info.research for d in designs):
            continue
        shown = "; ".join(f"{k}: {_design_label(ctx.sources[k])}" for k in support.sources)
        yield this.finding(
            claim.id,
            f"efficacy claim {claim.id!r} rests only on non-research sources ({shown}); "
            "cite the studies behind it or soften the claim",
            ctx.claim_location(claim.id),
            related=support.sources,
        )


@rule(
    "KE011",
    "single-source",
    Severity.INFO,
    summary="An efficacy claim rests on one source. A systematic review or meta-analysis of "
    "randomized trials (CEBM level 1) already pools many studies and is not reported.",
    why=(
        "One study can be wrong, and one review can misread its studies; a second independent "
        "source tells the editor the finding holds."
    ),
    example="an efficacy claim whose only support is one randomized trial",
    fix="Add a second independent source, or cite a systematic review that covers the question.",
)
def single_source(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for claim in ctx.claims.values():
        if claim.kind is not ClaimKind.EFFICACY:
            continue
        support = ctx.support(claim.id)
        if len(support.sources) != 1:
            continue
        (key,) = support.sources
        if ctx.sources[key].supportable_level == CEBMLevel.SYSTEMATIC_REVIEW_OF_RCTS:
            continue
        yield this.finding(
            claim.id,
            f"efficacy claim {claim.id!r} rests on one source, {key!r} "
            f"({_design_label(ctx.sources[key])}); add an independent source",
            ctx.claim_location(claim.id),
            related=(key,),
        )


def _side(ctx: AuditContext, keys: tuple[str, ...], level: CEBMLevel | None, best: tuple[str, ...]) -> str:
    """One side of the evidence, for a message: its best level and the sources reaching it,
    with their designs (or, when none reaches a level, every source with its design)."""
    shown = best if level is not None else keys
    designs = "; ".join(f"{k}: {_design_label(ctx.sources[k])}" for k in shown)
    return f"CEBM level {int(level)} ({designs})" if level is not None else f"no level ({designs})"


@rule(
    "KE018",
    "contradicted-claim",
    Severity.ERROR,
    summary="A cited source contradicts the claim (stance 'contradicts', on the claim or on a claim "
    "it is drawn from). An error when the evidence against reaches a stronger CEBM level than the "
    "best evidence for the claim; a warning when it is equal or weaker.",
    why=(
        "An editor who records that a source contradicts a statement has found evidence against "
        "it; the article still tells patients the statement. When the evidence against is "
        "stronger than the evidence for (a meta-analysis of trials against a narrative review), "
        "the statement is very likely wrong. Levels are judged as for overstated-evidence: the "
        "best level of any source reached, including the studies a cited source cites."
    ),
    example='"citations": [{"source": "review2017"}, {"source": "metaanalysis2019", "stance": "contradicts"}]',
    fix=(
        "Reword the statement to what the stronger evidence shows, cite evidence for it at least "
        "as strong, or drop the statement. If the source does not contradict it after all, "
        "correct the citation's stance."
    ),
)
def contradicted_claim(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    maybe = ctx.support_index.contradicted_claims()
    if not maybe:  # the usual case: no claim cites a source as contradicting it
        return
    for claim in ctx.claims.values():
        if claim.id not in maybe or not ctx.contradicted(claim.id):
            continue
        support = ctx.support(claim.id)
        if not support.contradicting:  # contradicted only by keys missing from the .bib
            continue
        stronger = level_is_stronger(support.contradicting_level, support.best_level)
        against = _side(ctx, support.contradicting, support.contradicting_level, support.contradicting_best)
        if support.sources:
            for_ = _side(ctx, support.sources, support.best_level, support.best_sources)
        else:
            for_ = "none: it rests on no source in the .bib"
        verdict = ("stronger than the evidence for it" if stronger
                   else "no stronger than the evidence for it")
        yield this.finding(
            claim.id,
            f"claim {claim.id!r} is contradicted by evidence {verdict}: against {against}; "
            f"for {for_}; reword the claim to what the evidence shows, or cite stronger evidence for it",
            ctx.claim_location(claim.id),
            severity=Severity.ERROR if stronger else Severity.WARNING,
            related=tuple(dict.fromkeys((*support.contradicting, *support.sources))),
        )


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.split()) + r"(?!\w)", re.IGNORECASE)


def mentioned_terms(text: str, terms: Iterable[Term]) -> set[str]:
    """Ids of the terms whose label or a synonym appears in ``text`` as whole words.

    >>> from kevidence.claims.vocabulary import Vocabulary, Facet
    >>> sorted(mentioned_terms("IV Lidocaine for CRPS", Vocabulary.builtin().terms(Facet.CONDITION).values()))
    ['crps']
    """
    return TermMatcher.of_terms(terms).find(text)


T = TypeVar("T")
_WORD = re.compile(r"\w+")


# The only characters outside ASCII that a case-insensitive pattern matches to an ASCII
# letter (see the ``re`` module's notes on IGNORECASE): mapped before the text is split.
_TWINS = ("\u0130", "\u0131", "\u017f", "\u212a")
_ASCII_TWINS = str.maketrans(dict(zip(_TWINS, "iisk")))
# ASCII bytes with each word character lowered and every other byte a space: an ASCII text
# encoded and translated through it splits into the words ``\w+`` finds in it, lowered.
_ASCII_WORDS = bytes(
    ord(chr(b).lower()) if chr(b).isascii() and (chr(b).isalnum() or chr(b) == "_") else 32 for b in range(256)
)


def _words(text: str) -> set[bytes]:
    """The distinct ASCII words of ``text`` (``\\w+``), lowered, as bytes: for an ASCII text by
    one byte translation and split (no regex); otherwise by the regex, after mapping the
    letters that fold to ASCII ones, keeping the ASCII words (only those can name an ASCII
    term)."""
    if text.isascii():
        return set(text.encode().translate(_ASCII_WORDS).split())
    if any(twin in text for twin in _TWINS):  # (rare: translating is the slow step)
        text = text.translate(_ASCII_TWINS)
    return {w.encode() for w in _WORD.findall(text.lower()) if w.isascii()}


class TermMatcher(Generic[T]):
    """Finds the terms a text names, reading the text once.

    The text is split into its words once. A name that is one plain ASCII word is named
    exactly when that word is one of the text's words (no search needed). Any other ASCII name
    is filed under its first word: it can only match where that word stands in the text, so
    the whole-word search runs just for the names whose first word the text holds, and of
    those only for the names all of whose words the text holds. Names that
    are not ASCII, or have no word character, are searched for in every text.

    Each term is known by a tag: its id (:meth:`of_terms`), or anything the caller chooses,
    e.g. ``(facet, id)`` to match the terms of several facets in one pass.
    """

    def __init__(self, named: Iterable[tuple[T, str]]) -> None:
        # word -> (tags of the one-word names that are this word, (tag, pattern, words) of the
        # longer names that begin with it): one lookup per distinct word of a text. The words
        # are ASCII bytes, which a text is split into without a regex (see _words).
        self._index: dict[bytes, tuple[list[T], list[tuple[T, re.Pattern[str], frozenset[bytes]]]]] = {}
        self._always: list[tuple[T, re.Pattern[str]]] = []
        for tag, name in named:
            name = name.strip()
            if not name:
                continue
            lowered = name.lower()
            first = _WORD.search(name.split()[0].lower())
            if first is None or not name.isascii():
                self._always.append((tag, _name_pattern(name)))
                continue
            words, longer = self._index.setdefault(first.group().encode(), ([], []))
            if first.group() == lowered:
                words.append(tag)
            else:
                longer.append((tag, _name_pattern(name), frozenset(w.encode() for w in _WORD.findall(lowered))))
        # The words that begin some name: a text's words are met with them in one set operation.
        self._firsts = frozenset(self._index)

    @staticmethod
    def of_terms(terms: Iterable[Term]) -> TermMatcher[str]:
        """A matcher of terms tagged by their ids."""
        return TermMatcher((term.id, name) for term in terms for name in term.names)

    def find(self, text: str, words: set[bytes] | None = None) -> set[T]:
        """Tags of the terms named in ``text`` (``words``: its :func:`_words`, if known)."""
        found: set[T] = set()
        index = self._index
        if words is None:
            words = _words(text)
        entries = [index[word] for word in words & self._firsts]
        for one_word, _ in entries:
            found.update(one_word)
        # Each word of an ASCII name stands whole in any text that names it; a name whose
        # term the one-word names already found needs no search.
        for _, longer in entries:
            for tag, pattern, name_words in longer:
                if name_words <= words and tag not in found and pattern.search(text):
                    found.add(tag)
        for tag, pattern in self._always:
            if tag not in found and pattern.search(text):
                found.add(tag)
        return found


def source_text(source: Source) -> str:
    """What a source says it is about: its decoded title, keywords and design label."""
    parts = [source.title or "", *source.keywords]
    if source.study_design is not None:
        parts.append(source.study_design.label)
    return " \n ".join(parts)


# The facets the mismatch rule compares, by position (0: intervention, 1: condition); the
# entry fields saying outright what a source is about for each, and the field naming the
# population it studies, come from the facet table.
_COMPARED = (Facet.INTERVENTION, Facet.CONDITION)
FACET_FIELDS: tuple[str, ...] = tuple(facet_of(f).source_field or "" for f in _COMPARED)
POPULATION_FIELD: str = facet_of(Facet.POPULATION).source_field or ""


def _related(vocab: Vocabulary, facet: Facet, a: str, b: str) -> bool:
    # Terms of which one is the other's ancestor, or that share an ancestor other than a group
    # heading ("nerve blocks" gathers distinct procedures), may well overlap: the check stays
    # silent rather than call them a mismatch.
    above_a, above_b = vocab.broader(facet, a), vocab.broader(facet, b)
    if a in above_b or b in above_a:
        return True
    terms = vocab.terms(facet)
    return any(t in terms and not terms[t].group for t in above_a & above_b)


def _related_terms(vocab: Vocabulary, facet: Facet, ids: Iterable[str]) -> set[str]:
    """The terms ``t`` of ``facet`` for which ``_related(vocab, facet, t, i)`` holds for some ``i``
    in ``ids``: each one's broader and narrower terms, and every term below a broader term
    of it that is not a group heading (read from the hierarchy, not by asking every pair)."""
    terms = vocab.terms(facet)
    found: set[str] = set()
    for term_id in ids:
        above = vocab.broader(facet, term_id)
        found |= above
        found |= vocab.narrower(facet, term_id)
        for t in above:
            if t in terms and not terms[t].group:
                found |= vocab.narrower(facet, t)
    return found & terms.keys()


Named = tuple[frozenset[str], frozenset[str]]
_NOTHING: Named = (frozenset(), frozenset())


@rule(
    "KE012",
    "facet-mismatch",
    Severity.WARNING,
    summary="A cited source is about a different intervention or condition than the claim.",
    why=(
        "A source about lidocaine cited under a ketamine claim does not support it, however "
        "good the source. What a source is about comes from the entry's explicit 'interventions' "
        "and 'conditions' fields (vocabulary ids or names) when it has them; otherwise from its "
        "title, keywords and design, read through the vocabularies' labels and synonyms, and a "
        "mismatch found there is dropped when its abstract names the claim's term. Terms named "
        "in the entry's 'population' field (population ids or names), or in the claim's own "
        "words or the names of its 'populations', describe whom the source or claim is about (a "
        "review of pain control in opioid-dependent patients under a claim about "
        "opioid-dependent patients): they are no mismatch. The check is "
        "conservative: a source that names none of the facet's terms is not a mismatch (silence "
        "is not disagreement), nor is one that names the claim's term, a broader or narrower "
        "one, or a term sharing a broader term with it (other than a group heading of distinct "
        "treatments or conditions, such as nerve blocks or headache)."
    ),
    example='claim "intervention": "ketamine-iv" citing @online{stanford2020, title = {Intravenous Lidocaine Infusion}}',
    fix=(
        "Cite a source about the claim's intervention and condition, or correct the claim's facets. "
        "If the source is about the claim's subject after all, say so in the entry: "
        "interventions = {ketamine-iv}, conditions = {crps}, population = {opioid-dependent adults}."
    ),
)
def facet_mismatch(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    vocab = ctx.vocabulary
    sources = ctx.sources
    facets = _COMPARED
    # Facets by position (0: intervention, 1: condition), so that the loop below, which runs
    # once per citation of the whole base, indexes lists instead of reading enum properties.
    matcher: TermMatcher[tuple[int, str]] = TermMatcher(
        ((i, term.id), name) for i, facet in enumerate(facets) for term in vocab.terms(facet).values()
        for name in term.names
    )
    ids_of = [vocab.terms(facet) for facet in facets]
    # A claim's ids of each facet, read as ClaimFacet.values reads them (without its calls).
    readers = [(attrgetter(facet_of(facet).attribute), facet_of(facet).many) for facet in facets]
    related = lru_cache(maxsize=None)(partial(_related, vocab))  # few distinct term pairs

    def named_in(text: str) -> Named:
        """The terms a text names per facet, narrowest only ("genicular nerve block" is not
        also "nerve block")."""
        if not text:
            return _NOTHING
        tags = matcher.find(text)
        if not tags:
            return _NOTHING
        first = [t for f, t in tags if f == 0]
        second = [t for f, t in tags if f == 1]
        return (vocab.narrowest(facets[0], first) if len(first) > 1 else frozenset(first),
                vocab.narrowest(facets[1], second) if len(second) > 1 else frozenset(second))

    labels_of = [facet.label for facet in facets]
    # Many claims cite the same source: read each source's text once, not once per citation.
    # Sources name few distinct sets of terms and claims few distinct facet values, so each
    # (claim terms, source terms) question of a facet is answered once.
    named_by_source: dict[str, tuple[Named, tuple[bool, bool]] | None] = {}
    abstract_named: dict[str, Named] = {}
    claim_named: dict[str, Named] = {}
    text_named: dict[str, Named] = {}
    verdicts: tuple[dict[tuple[tuple[str, ...], frozenset[str]], str | None], ...] = ({}, {})
    agreeing_matchers: tuple[dict[frozenset[str], TermMatcher[str]], ...] = ({}, {})
    # The last claim's text and its words (a claim's citations are asked about one after another;
    # keeping every claim's words would hold a set per claim for the whole run).
    last_text: list[tuple[str, str, set[bytes]]] = []
    own_verdicts: tuple[dict[tuple[tuple[str, ...], frozenset[str], frozenset[str]], bool], ...] = ({}, {})

    def ask(i: int, wanted: Iterable[str], named: frozenset[str]) -> str | None:
        """None when the claim's and the source's terms may agree; else the source's labels."""
        facet = facets[i]
        if any(related(facet, w, n) for w in wanted for n in named):
            return None
        return ", ".join(sorted(vocab.term(facet, n).label for n in named))

    def read_source(source: Source) -> tuple[Named, tuple[bool, bool]]:
        """The terms a source is about per facet, and whether each came from an explicit field."""
        population = population_of(source)
        from_text = named_in(source_text(source))
        result: list[frozenset[str]] = []
        explicit: list[bool] = []
        for i, name in enumerate(FACET_FIELDS):
            value = source.fields.get(name)
            if value is not None and value.strip():
                result.append(_explicit_terms(value, ids_of[i], partial(_facet_of, named_in, i)))
                explicit.append(True)
            else:
                result.append(from_text[i] - population[i])
                explicit.append(False)
        return (result[0], result[1]), (explicit[0], explicit[1])

    def agrees(i: int, wanted: Iterable[str], named: frozenset[str]) -> bool:
        facet = facets[i]
        return any(related(facet, w, n) for w in wanted for n in named)

    populations = vocab.terms(Facet.POPULATION)
    population_matcher = TermMatcher.of_terms(populations.values())

    def population_words(ids: Iterable[str]) -> tuple[str, ...]:
        """The names (label and synonyms) of the population terms among ``ids``."""
        return tuple(name for i in ids if i in populations for name in populations[i].names)

    def population_of(source: Source) -> Named:
        """The intervention and condition terms the entry's 'population' field names, itself or
        through the population terms it lists (ids or names)."""
        value = source.fields.get(POPULATION_FIELD)
        if not value:
            return _NOTHING
        listed = _explicit_terms(value, populations, population_matcher.find)
        return named_in(" \n ".join((decode_latex(value), *population_words(sorted(listed)))))

    def abstract_clears(i: int, key: str, wanted: tuple[str, ...]) -> bool:
        """Whether the source's abstract names the claim's term (or one it may agree with)."""
        in_abstract = abstract_named.get(key)
        if in_abstract is None:
            source = sources[key]
            abstract = source.fields.get("abstract")
            if abstract:
                found, population = named_in(decode_latex(abstract)), population_of(source)
                in_abstract = (found[0] - population[0], found[1] - population[1])
            else:
                in_abstract = _NOTHING
            abstract_named[key] = in_abstract
        return bool(in_abstract[i]) and agrees(i, wanted, in_abstract[i])

    def own_text(claim: Claim) -> str:
        """The claim's own words and the names of its populations."""
        words = f"{claim.statement} \n {claim.quote}" if claim.quote else claim.statement
        if claim.populations:
            words = " \n ".join((words, *population_words(claim.populations)))
        return words

    def agreeing(i: int, names: frozenset[str]) -> TermMatcher[str]:
        """A matcher of just the terms of facet ``i`` that may agree with ``names``."""
        found = agreeing_matchers[i].get(names)
        if found is None:
            terms = ids_of[i]
            found = agreeing_matchers[i][names] = TermMatcher(
                (t, name) for t in sorted(_related_terms(vocab, facets[i], names)) for name in terms[t].names)
        return found

    def own_clears(i: int, claim: Claim, wanted: tuple[str, ...], names: frozenset[str]) -> bool:
        """Whether the source's terms are named in the claim's own words or in the names of its
        populations (whom it is about)."""
        own = claim_named.get(claim.id)
        if own is None:
            # The claim's terms agree with the source's only if one of them is related to a
            # source term (``wanted`` is not: the verdict was asked first), and the text can
            # name such a term only if a search for just those terms finds one: a claim whose
            # text names none is not read through the whole vocabulary (most are not).
            if not last_text or last_text[0][0] != claim.id:
                text = own_text(claim)
                last_text[:] = [(claim.id, text, _words(text))]
            _, words, split = last_text[0]
            if not agreeing(i, names).find(words, split):
                return False
            own = text_named.get(words)  # (claims often repeat a statement)
            if own is None:
                own = text_named[words] = named_in(words)
            claim_named[claim.id] = own
        if not own[i]:
            return False
        question = (wanted, own[i], names)  # claims repeat few distinct questions
        answer = own_verdicts[i].get(question)
        if answer is None:
            answer = own_verdicts[i][question] = agrees(i, (*wanted, *own[i]), names)
        return answer

    def pending(i: int, key: str, wanted: tuple[str, ...], names: frozenset[str], explicit: bool) -> str | None:
        """The source's labels when it is about other terms of facet ``i`` than ``wanted`` and
        its abstract does not clear it (which only the claim's own words may still do); else
        None. The same for every claim citing ``key`` with these terms: asked once."""
        question = (wanted, names)
        labels = verdicts[i].get(question, _UNREAD)
        if labels is _UNREAD:
            labels = verdicts[i][question] = ask(i, wanted, names)
        if labels is None or (not explicit and abstract_clears(i, key, wanted)):
            return None
        return labels

    # (facet, source key, claim's terms) -> pending(...) for that citation: a source is cited
    # by many claims with the same terms.
    outcomes: dict[tuple[int, str, tuple[str, ...]], str | None] = {}
    for claim in ctx.claims.values():
        if not claim.citations:
            continue
        # The facets this claim has terms for, as (position, terms): read once per claim.
        wanted_by_facet = []
        for i, (reader, many) in enumerate(readers):
            value = reader(claim)
            if many:
                if value:
                    wanted_by_facet.append((i, tuple(value)))
            elif value is not None:
                wanted_by_facet.append((i, (value,)))
        if not wanted_by_facet:
            continue
        for citation in claim.citations:
            if citation.stance is Stance.MENTIONS:
                continue
            key = citation.source
            read = named_by_source.get(key, _UNREAD)
            if read is _UNREAD:
                source = sources.get(key)
                read = named_by_source[key] = read_source(source) if source is not None else None
            if read is None:
                continue
            named, explicit = read
            for i, wanted in wanted_by_facet:
                names = named[i]
                if not names:
                    continue
                outcome = (i, key, wanted)
                labels = outcomes.get(outcome, _UNREAD)
                if labels is _UNREAD:
                    labels = outcomes[outcome] = pending(i, key, wanted, names, explicit[i])
                if labels is not None and not own_clears(i, claim, wanted, names):
                    shown = ", ".join(wanted)
                    facet_label = labels_of[i]
                    yield this.finding(
                        claim.id,
                        f"claim {claim.id!r} is about {facet_label} {shown} but cites {key!r}, which is about "
                        f"{labels}; cite a source on {shown} or correct the claim's {facet_label}",
                        ctx.claim_location(claim.id),
                        related=(key,),
                    )


def _facet_of(named_in: Callable[[str], Named], i: int, text: str) -> frozenset[str]:
    return named_in(text)[i]


def _explicit_terms(value: str, ids: Mapping[str, Term], named: Callable[[str], Iterable[str]]) -> frozenset[str]:
    """The terms an explicit facet field lists: each item a vocabulary id, or a name or synonym."""
    found: set[str] = set()
    for item in split_list(value):
        if item in ids:
            found.add(item)
        elif item.lower() in ids:
            found.add(item.lower())
        else:
            found.update(named(decode_latex(item)))
    return frozenset(found)


_UNREAD: Any = object()


# Claims about what a treatment does or risks: they need sources an editor can find and weigh.
_WEIGHED_KINDS = frozenset({ClaimKind.EFFICACY, ClaimKind.SAFETY, ClaimKind.CONTRAINDICATION})


def source_doubts(source: Source) -> list[str]:
    """Why a source cannot be identified or weighed: no title, no DOI, PMID or URL (well-formed;
    a book's ISBN also identifies it), no study design, or a study design marked unverified.
    Empty when there is no doubt."""
    doubts = []
    if not (source.title or "").strip():
        doubts.append("no title")
    if not (source.doi or source.pmid or source.url or (source.fields.get("isbn") or "").strip()):
        unconfirmed = [n.upper() for n in ("doi", "pmid", "url") if n in source.unverified_fields]
        note = f" ({' and '.join(unconfirmed)} recorded as unverified)" if unconfirmed else ""
        doubts.append(f"no DOI, PMID or URL{note}")
    if source.study_design is None:
        raw = source.field("studydesign")
        doubts.append(f"unknown study design {raw!r}" if raw else "no study design")
    elif source.design_unverified:
        doubts.append(f"study design ({source.study_design.label}) unverified")
    return doubts


@rule(
    "KE021",
    "unidentifiable-source",
    Severity.WARNING,
    summary="A source that cannot be identified (no title, or no DOI, PMID or URL) or weighed (no study "
    "design, or one marked unverified) is all that efficacy, safety or contraindication claims rest on: "
    "one finding per source, listing those claims.",
    why=(
        "A reader cannot look up a reference without a title and an identifier, and an editor "
        "cannot weigh one whose design nobody recorded or confirmed: the claim's support is then "
        "unknown, not merely weak. An ISBN identifies a book as a DOI does an article. An "
        "unverified study design lends a claim no level at all (see overstated-evidence and the trace)."
    ),
    example='an efficacy claim citing only @misc{leaflet2020, title = {Ketamine Infusion}} (no URL, no studydesign)',
    fix=(
        "Find the source and record its title, DOI, PMID or URL and study design (list them in "
        "'verified' once checked), or cite a source that can be identified."
    ),
)
def unidentifiable_source(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    doubts_of: dict[str, list[str]] = {}
    resting: dict[str, list[str]] = {}  # source key -> the claims resting only on doubtful sources, it among them
    for claim in ctx.claims.values():
        if claim.kind not in _WEIGHED_KINDS:
            continue
        support = ctx.support(claim.id)
        if not support.sources:
            continue
        for key in support.sources:
            found = doubts_of.get(key)
            if found is None:
                found = doubts_of[key] = source_doubts(ctx.sources[key])
            if not found:
                break
        else:
            if any(find_rule(s.rule) is this for s in claim.suppressions):
                ctx.suppressed.add((claim.id, this.code))  # the claim's own suppression leaves it out
                continue
            for key in support.sources:
                resting.setdefault(key, []).append(claim.id)
    # One finding per source, listing the claims that rest on it: the defect is the source's.
    for key, claim_ids in resting.items():
        shown = ", ".join(claim_ids[:5]) + (f" and {len(claim_ids) - 5} more" if len(claim_ids) > 5 else "")
        many = len(claim_ids) > 1
        yield this.finding(
            key,
            f"source {key!r} cannot be identified or weighed ({', '.join(doubts_of[key])}); "
            f"{len(claim_ids)} efficacy, safety or contraindication claim{'s' if many else ''} "
            f"{'rest' if many else 'rests'} on it alone or with other such sources ({shown}); record what identifies "
            "it, or cite sources that can be",
            ctx.source_location(key),
            related=tuple(claim_ids),
        )
