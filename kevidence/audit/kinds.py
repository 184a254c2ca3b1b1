"""Proposing what a sentence is (its claim kind), how much an unsourced one matters (its
judgement), and which vocabulary terms it names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kevidence.audit.model import Severity
from kevidence.audit.rules.evidence import mentioned_terms
from kevidence.claims.facets import FACETS
from kevidence.claims.model import ClaimKind
from kevidence.claims.vocabulary import Term, Vocabulary


class _Caseless:
    """A pattern of lower-case words matched regardless of case: it searches the lower-cased text
    with a case-sensitive pattern, which finds what ``re.IGNORECASE`` finds (for every letter whose
    lower case is one letter) in a third of its time: the regular expression engine folds every
    character it compares under that flag, and the judgement runs some eighty patterns a sentence."""

    __slots__ = ("pattern",)

    def __init__(self, pattern: str) -> None:
        if re.search(r"(?<!\\)[A-Z]", pattern.replace("\\\\", "")):
            raise ValueError(f"a caseless pattern is written in lower case: {pattern[:60]!r}")
        self.pattern = re.compile(pattern)

    def search(self, text: str) -> re.Match[str] | None:
        """The first match in ``text`` lower-cased (its offsets are those of the lower-cased text)."""
        return self.pattern.search(text.lower())


def _cue_words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Cue words and phrases of each kind, checked in this order: the first kind cued decides.
# Words are matched whole (one set lookup per sentence), phrases as lower-case substrings.
_KIND_CUES: tuple[tuple[ClaimKind, frozenset[str], tuple[str, ...]], ...] = (
    (ClaimKind.CONTRAINDICATION,
     _cue_words("contraindicated contraindication contraindications unsuitable"),
     ("not suitable", "not be suitable", "should not have", "should not receive", "should not be given",
      "excluded from treatment", "exclude me from treatment", "not normally a barrier")),
    (ClaimKind.SAFETY,
     _cue_words("adverse risk risks safe safety harmless painless tolerated drive driving hallucination hallucinations toxicity "
                "dependence dependency addiction addictive addicted complication complications unlikely resolve resolves "
                "recover recovers"),
     ("side effect", "side-effect", "unwanted effect", "is temporary", "are temporary", "is rare", "are rare",
      "is very rare", "are very rare", "is common", "are common", "is uncommon", "are uncommon", "not uncommon",
      "not common", "only temporary", "usually mild", "minimally painful", "well tolerated")),
    (ClaimKind.EFFICACY,
     _cue_words("relief relieve relieves relieved relieving effective effectiveness efficacy benefit benefits "
                "beneficial improve improves improved improvement reduce reduces reduced reduction reductions analgesia "
                "analgesic evidence outcome outcomes response responded lasting success successful helps helped "
                "helpful lasts abolish abolishes abolishing eliminate eliminates cure cures decreases decreased "
                "minimise minimises minimize minimizes maximise maximises maximize maximizes respond responds "
                "alleviate alleviates alleviated alleviating ease eases eased soothes soothing restore restores restored "
                "heal heals healing boost boosts"),
     ("dose-response", "dose response", "no downtime", "minimal downtime", "better quality of life", "less of a struggle", "little downtime", "little to no downtime",
      "be able to resume", "be able to return to", "aids in", "aid in", "aids recovery", "aids healing", "can last", "last a long time", "lasts a long time", "last longer", "less pain", "less painful", "pain-free",
      "pain free", "will work", "can work", "works well", "work well", "good for", "very useful",
      "particularly useful", "especially useful", "extremely useful", "most useful",
      "settle with", "settles with", "begins working", "begin working",
      "starts working", "start working", "starts to work", "start to work", "takes effect", "take effect", "prevent pain", "prevents pain",
      "prevent the development", "prevents the development", "prevent the onset", "prevents the onset",
      "need for surgery", "avoid surgery", "return to normal", "back to normal", "resume normal", "resume their normal", "get well", "likely to work", "do not require surgery", "don't require surgery",
      "pain is gone", "pain has gone", "much better", "feel better", "feels better", "get you back to",
      "back to work faster", "back to work sooner", "less likely to", "be better at", "better able to",
      "successfully treated", "successfully managed", "successfully relieved", "successfully cured",
      "successfully used", "faster recovery", "quicker recovery", "speed up recovery", "speed up healing",
      "speeds up recovery", "speeds up healing", "feeling better", "felt better", "notice a difference",
      "noticed a difference", "notice a big difference", "see a difference", "feel a difference", "make a difference", "makes a difference",
      "made a difference", "excellent results", "great results", "good results", "positive results", "remarkable effect", "remarkable results",
      "to great effect", "with great effect", "to good effect",
      "impressive results", "solve the problem", "solves the problem", "fix the problem", "fixes the problem",
      "used successfully", "work wonders", "works wonders", "shorter recovery", "quick recovery",
      "works best", "work best", "best treated", "root cause of pain", "root causes of pain", "root cause of your pain", "root causes of your pain", "way to control pain", "way to control your pain", "way to control the pain")),
    (ClaimKind.MECHANISM,
     _cue_words("receptor receptors pathway pathways mechanism mechanisms block blocks blocking antagonist "
                "nmda windup"),
     ("works by", "wind-up")),
    (ClaimKind.DEFINITION,
     _cue_words("describes means"),
     ("refers to", "is defined as", "is a condition", "is a term", "is a form", "is a type")),
)
_EFFICACY_WORDS = next(cue_words for kind, cue_words, _ in _KIND_CUES if kind is ClaimKind.EFFICACY)
_WORDS = re.compile(r"[a-z]+")
_NAME_WORDS = re.compile(r"\w+")  # words as the term matcher splits them
# The clinic speaking of itself decides; the service's words ("appointment", "your doctor") only
# where no clinical cue does.
_OWN_VOICE = _Caseless(r"\b(our (clinic|team|specialists?|consultants?|service|approach|practice|providers?|staff|"
                       r"doctors?|physicians?|clinicians?|therapists?|practitioners?|radiologists?|surgeons?|physiotherapists?|physios?|nurses?)|we (also )?(offer|provide|can|use|perform)|"
                       r"we (also )?have (a|an|some|several|many)\b|we (prefer|aim|try|strive) to\b|we are (actively |carefully )?following|"
                       r"is our (main |top |first )?priority|contact us|call us|(are|is|will be) booked (for|in|into))\b")
#: A sentence about what happens in a session ("During the first session a trance is induced", "The
#: objective of the first session is to teach ..."): how the service runs.
_SESSION = _Caseless(r"^\s*(?:(?:during|in|at) |the (?:objective|aim|goal|purpose) of )the (?:first|second|initial|"
                     r"next|last|final) (?:session|visit|appointment|consultation)\b")
#: A clinician named doing something ("Dr. Hanson will perform a regional nerve block"): the service
#: (case-sensitive: the name).
_CLINICIAN = re.compile(r"\bDr\.? [A-Z][a-z]+ (?:will|can|may|also|performs?|uses?|offers?|provides?)\b|"
                        # the clinic by its name ("KUER Clinic works to ...")
                        r"\b[A-Z][\w]+ (?:Clinic|Centre|Center|Practice) (?:works|offers|provides|aims|specialises|"
                        r"specializes)\b")
_SERVICE = _Caseless(r"\b(book(ing)?|appointments?|your (specialist|consultant|doctor))\b")
#: The clinic's own voice claiming an effect ("we use to great effect", "has successfully implemented"): an
#: efficacy claim, not the service described (so is a ranking, :data:`_RANKED`: "one of the most effective tools we use").
_OWN_CLAIM = _Caseless(r"\b(?:to|with) (?:great|good) effect\b|\bsuccessfully (?:treated|helped|implemented|used)\b")


def propose_kind(sentence: str, publisher: str | None = None) -> ClaimKind:
    """The claim kind a sentence most likely states (the clinic's own service text first).

    >>> propose_kind("Relief can last for two weeks.").value
    'efficacy'
    """
    if (_OWN_VOICE.search(sentence) or _CLINICIAN.search(sentence) or _SESSION.search(sentence)
            or (publisher and publisher.lower() in sentence.lower())) \
            and not _OWN_CLAIM.search(sentence) and not _RANKED.search(sentence):
        return ClaimKind.SERVICE
    kind, _ = _cued_kind(sentence)
    if kind is not None:
        return kind
    return ClaimKind.SERVICE if _SERVICE.search(sentence) else ClaimKind.BACKGROUND


#: What a treatment acts on when a sentence explains how it works: "reduce the pain signals" is a
#: mechanism, "reduce the pain" an effect.
_SIGNALS = _cue_words("signal signals message messages impulse impulses transmission")
_SIGNAL_REACH = 3
"""How many words after an effect's verb its object may stand ("reduce the pain signals")."""


#: The name of a service ("the pain relief service", "the pain management team") is no clinical cue.
_SERVICE_NAME = re.compile(
    r"\b(?:pain|acute pain) (?:relief|management) (?:service|team|clinic|unit|nurses?|department|specialists?)\b",
    re.IGNORECASE)
#: How common a condition is among people ("It is common in elite and non-elite athletes"): prevalence,
#: background rather than a harm's frequency.
_PREVALENCE = re.compile(r"\bit is (?:very )?(?:rare|unusual|uncommon) to (?:receive|have|need|be given|get) more than (?:\d+|one|two|"
                         r"three|four|five|six) (?:injections?|treatments?|sessions?|procedures?|courses?)\b|"
                         r"\b(?:is|are) (?:very |quite |more |most |particularly |especially )?common (?:in|among|amongst) "
                         r"(?!(?:the first|the days|the hours|the weeks)\b)|"
                         r"\bit is (?:very |quite )?common (?:for (?:[\w-]+ ){1,3}?)?to (?:use|employ|hire|give|prescribe|offer|recommend|try|refer)\b|"
                         # a condition's own course, after an activity or an injury ("Muscle soreness is common after exercise")
                         r"\b(?:is|are) (?:very |quite |fairly )?common (?:after|following|during|with) (?:an? |the )?(?:[\w-]+ )?(?:exercise|workouts?|"
                         r"activity|physical activity|sports?|training|injury|injuries|trauma|accidents?|car accidents?|falls?)\b")
#: How long a session takes ("A session usually lasts about 3-5 minutes"): the service, no effect's duration.
_SESSION_LENGTH = re.compile(r"\b(?:lasts?|takes?) (?:about |around |approximately |between |up to |only |just )?"
                             r"\d+(?:\s?(?:-|\u2013|to|and)\s?\d+)? ?(?:minutes|mins)\b")
#: A sign seen ("there is evidence of a block"): no appeal to evidence, and no clinical cue.
_SIGN = re.compile(r"\bevidence of (?:an?|the) ")
#: The body's own response ("initiating an inflammatory response"): physiology, not a response to treatment.
_BODY_RESPONSE = re.compile(r"\b(?:inflammatory|immune|stress|healing|natural|body's|tissue) responses?\b")
#: Pain relief as the medicines taken ("whether taking pain relief would be indicated"): no effect claimed.
_RELIEF_TAKEN = re.compile(r"\b(?:take|taking|takes|took|use|using|need|needing|require|requiring) (?:some |any |regular |"
                           r"simple |extra |more )?pain ?(?:relief|killers?)\b|"
                           r"\bpain[- ]?relie(?:f|ving) (?:medicines?|medications?|tablets?|drugs?|patch(?:es)?)\b")
#: An outcome for the patient given as a participle ("..., thus reducing your pain", "reducing inflammation,
#: muscle spasm, and pain", "a decrease in the physical pain"); one for a muscle or a signal ("thereby reducing muscle spasm", "reducing the pain
#: signals") explains the mechanism.
_PAIN_OUTCOME = re.compile(r"\b(?:reducing|easing|improving|relieving)\s+(?:(?:[\w-]+,?\s+){1,5}?(?:and|or)\s+)?"
                           r"(?:your\s+|the\s+|their\s+)?pain\b"
                           r"(?! (?:signals?|messages?|impulses?|transmission)\b)|"
                           r"\b(?:decrease|reduction)s? in (?:the )?(?:[\w-]+ )?pain\b")


#: An effect prevented ("can also prevent migraine headaches before they start"), not a thing kept from
#: happening ("to prevent it from moving") nor a signal stopped ("prevents the transmission of ...": the
#: mechanism).
_PREVENTS = re.compile(r"\bprevents?\b(?! (?:[\w-]+ ){1,3}?from\b)"
                       r"(?! (?:[\w-]+ ){0,3}?(?:signals?|messages?|impulses?|transmission)\b)")
#: A treatment judged as an option ("can be an excellent alternative option", "is the best thing for back
#: pain"): an evaluative claim of its effect.
_EVALUATIVE = _Caseless(
    r"\b(?:is|are|be|been) (?:also )?(?:an? |the )?(?:also )?(?:(?:very|highly|extremely|really|particularly|especially) )?"
    r"(?:excellent|great|ideal|perfect|superior|effective|best|most effective|useful) "
    r"(?:alternative |treatment |first[- ]line |pain |short[- ]term |long[- ]term |non[- ]surgical |non[- ]invasive )?"
    r"(?:alternative|option|choice|treatment|solution|thing|therapy|approach|tool|"
    r"reliever)s?"
    r"(?: (?:for|to|in)\b|[.,;]|$)|"
    # a good option for relief ("is a good option for long term relief"; "a good option for numbing the skin" is a use)
    r"\b(?:is|are) (?:a |an )?good (?:treatment |non[- ]surgical )?(?:option|choice|treatment)s? for (?:long[- ]term |lasting |"
    r"short[- ]term )?(?:pain )?relief\b")
#: A result the treatment is said to bring about ("promotes retraction of the herniation", "stimulates
#: repair"): a mechanism that asserts its outcome, a benefit stated as fact.
_RESULT_PROMOTED = re.compile(
    r"\b(?:promotes?|promoting|stimulates?|stimulating|encourages?|encouraging|activates|triggers) (?:the |your )?"
    r"(?:[\w'-]+ ){0,2}(?:repair|regeneration|retraction|healing|recovery|growth)\b|"
    # a repair stated ("This minimally-invasive procedure repairs a vertebral compression fracture")
    r"\b(?:repairs|mends|fixes) (?:a |the |your )?(?:[\w-]+ ){0,3}?(?:fractures?|tendons?|ligaments?|cartilage|discs?|tissues?|damage)\b|"
    # the body promised to mend ("the body will strengthen and repair damaged ligaments")
    r"\bwill (?:strengthen|repair|heal|regenerate|rebuild)(?: and (?:strengthen|repair|heal|regenerate|rebuild))? "
    r"(?:the |your |damaged |injured )")
#: What the treatment's result lets the patient do ("This allows you to focus on physical therapy",
#: "... to get back to work"): a benefit stated as fact ("which allows you to turn the stimulation on"
#: is what a device does, "This allows you to go home" the service).
_ALLOWS = _Caseless(r"\b(?:allows?|enables?|will allow|will enable) (?:you|the patient|patients|people|a patient|a person) to (?:\w+ly )?"
                    r"(?:focus on|take part in|engage in|participate in|get back to|return to|resume|enjoy|cope|"
                    r"manage|do more|keep active|stay active|exercise|carry on|avoid|take control|maintain|mobilise|mobilize|"
                    r"(?:lead|live) (?:an? |your )?(?:more |fuller |normal |active |full |fulfilling |comfortable |pain[- ]free ))\b")
#: Medicines the patient could cut ("were able to decrease or stop their medications", "fewer painkillers"):
#: what a treatment allows, a benefit.
_FEWER_MEDICINES = re.compile(
    r"\bable to (?:\w+ )?(?:decrease|reduce|lower|stop|cut down|come off)(?: or (?:\w+ )?(?:decrease|reduce|lower|stop|"
    r"cut down|come off))? (?:on )?(?:all )?(?:of )?(?:their |your |his |her )?(?:pain )?(?:medications?|medicines?|"
    r"painkillers?|pain killers|tablets|opioids?|drugs)\b|"
    r"\b(?:fewer|less) (?:pain )?(?:medications?|medicines?|painkillers|pain killers|tablets|opioids)\b")
#: A function the treatment is said not to cost ("They are not necessary for walking or standing", of the
#: nerves an ablation destroys): a reassurance about its risk.
_NO_LOSS = re.compile(
    r"\b(?:not|n't) (?:necessary|needed|required|essential|used) for (?:walking|standing|movement|moving|sensation|"
    r"strength|function|balance|continence|feeling)\b")
#: What a body part does ("It helps control continence", "the nerve controls the muscles"): anatomy, not
#: a treatment's effect.
_BODY_FUNCTION = re.compile(
    r"\b(?:helps?|controls?|regulates?|supplies|supply) (?:to )?(?:control |regulate )?(?:the )?"
    r"(?:continence|bladder|bowels?|urinary|muscles?|movement|sensation|posture|balance|breathing)\b|"
    # what a part of the joint does ("fluids that help to lubricate your joint and reduce friction")
    r"\b(?:fluids?|sacs?|bursae?|cartilage|discs?|tendons?|ligaments?) (?:that |which )?(?:helps?|serves?|acts?) (?:to |as )?"
    r"(?:lubricate|cushion|protect|nourish|a cushion|a shock absorber)\b[^.;]*")


#: How rare a harm is, judged ("very rare", "a very small risk", "a small chance of ..."): a safety
#: statement.
_RARITY = re.compile(r"\b(?:very|extremely) (?:rare|uncommon)\b|"
                     r"\bminimal (?:damage|risk|scarring|discomfort|side[- ]effects|complications|effects)\b|\b(?:very )?(?:small|low) risk\b|"
                     r"\b(?:very )?(?:small|low|slight) chance\b|\b(?:very |relatively )?few (?:side[- ]effects|complications|risks|problems)\b")


#: A harm promised to pass ("numbness ... that will wear off"): a reassurance, a safety statement
#: ("the medication will wear off" is what happens after the procedure).
_HARM_PASSES = re.compile(
    r"\b(?:numbness|weakness|bruising|soreness|tenderness|swelling|redness|headaches?|dizziness|drowsiness|discomfort|"
    r"bleeding|ha?ematomas?|bruises?|"
    r"aching|stiffness|side[- ]effects?)\b[^.;]{0,60}\b(?:will|should) (?:\w+ly )?(?:wear off|settle|pass|go away|disappear)\b|"
    r"\b(?:they|it|these|side[- ]effects?) (?:will|should) (?:usually |normally |generally )?be (?:mild|minor|tolerable|"
    r"short[- ]lived)\b|"
    # "... some temporary discomfort but this will settle quickly"
    r"\b(?:this|it|these|they|which) (?:will|should) (?:usually |normally |generally )?(?:settle|subside|pass|wear off|go away|"
    r"disappear) (?:quickly|soon|within|in a (?:few|couple|day))\b")


#: How long the condition's pain or attacks last, or a pump's supply ("The pain can last from a few seconds to several
#: hours", "The medication in the pump can last up to ninety days"): no treatment's effect.
_NOT_AN_EFFECT_LASTING = re.compile(
    r"^(?:the |this |your |each )?(?:pain|attacks?|episodes?|headaches?|flare[- ]ups?|medication in the pump|pump|battery) "
    r"(?:can |may |usually |often |typically |will )?(?:last|lasts)\b[^.;]*")  # read on lower-cased text only
#: What makes a condition more likely ("can increase the risk of developing a trigger finger"): its cause, not a
#: treatment's harm.
_RISK_FACTOR = re.compile(r"\b(?:increases?|raises?|increasing|raising) (?:the |your |a person's )?(?:risk|chances?|likelihood) "
                          r"of (?:developing|getting|having)\b|"
                          # what puts a part at risk ("these nerves ... are at risk of injury from the incision")
                          r"\b(?:is|are) (?:\w+ )?at (?:\w+ )?risk of (?:injury|damage|developing|getting)\b|"
                          # what causes the condition ("are commonly caused by osteoporosis", "the same risk factors")
                          r"\b(?:is|are|can be) (?:\w+ )?caused by\b|\brisk factors?\b")
#: The condition's natural course ("Frozen shoulders tend to resolve without treatment over time"): no treatment's effect.
_NATURAL_COURSE = re.compile(r"\b(?:tends?|usually|often) (?:to )?(?:resolve|get better|improve|settle)s? (?:on (?:its|their) own|"
                             r"without treatment|by (?:itself|themselves)|naturally|over time)\b")
#: Wordings that cue no kind: the condition's natural course, a session's length, a service's name, a sign seen,
#: pain relief taken as medicine, the body's own response, how common a condition is, what a body part does, what
#: causes the condition, and how long its own pain lasts.
_NO_CUE = (_NATURAL_COURSE, _SESSION_LENGTH, _SERVICE_NAME, _SIGN, _RELIEF_TAKEN, _BODY_RESPONSE, _PREVALENCE, _BODY_FUNCTION, _RISK_FACTOR,
           _NOT_AN_EFFECT_LASTING)


def _cued_kind(sentence: str) -> tuple[ClaimKind | None, int]:
    """The first kind whose cue the sentence holds, and where its first cue stands (-1: none).

    An efficacy word whose object is a signal or message ("can reduce the pain signals going to
    the brain") explains the mechanism, and cues it rather than efficacy; a service's name ("the
    pain relief service") and a sign seen ("evidence of a block") cue nothing."""
    lowered = sentence.lower()
    for pattern in _NO_CUE:  # blanked, not cut, so that offsets stay those of the sentence
        lowered = pattern.sub(lambda m: "x" * len(m.group()), lowered)
    words = list(_WORDS.finditer(lowered))
    present = {w.group() for w in words}
    if not _SIGNALS.isdisjoint(present):
        names = [w.group() for w in words]
        kept = [w for i, w in enumerate(words)
                if not (names[i] in _EFFICACY_WORDS and _SIGNALS.intersection(names[i + 1:i + 1 + _SIGNAL_REACH]))]
        if len(kept) < len(words):
            words = kept
            present = {w.group() for w in words} | {"mechanism"}
    if _PAIN_OUTCOME.search(lowered) or _PREVENTS.search(lowered):
        present = present | {"relief"}
    if any(pattern.search(lowered) for pattern in _BENEFIT):
        present = present | {"benefit"}  # a treatment judged as an option judges its effect
    if any(pattern.search(lowered) for pattern in _RISK):
        present = present | {"risk"}  # how rare a harm is, or that it will pass, judges its risk
    for kind, cue_words, phrases in _KIND_CUES:
        if present.isdisjoint(cue_words) and not any(phrase in lowered for phrase in phrases):
            continue
        first_word = next((w.start() for w in words if w.group() in cue_words), len(lowered))
        return kind, min([first_word, *(lowered.find(p) for p in phrases if p in lowered)])
    return None, -1


# Every pattern below is a flat alternation of words (no nested or overlapping quantifiers): one
# pass over the sentence, linear in its length.
#: Page furniture: navigation, notices, bylines, and the page talking about itself.
_FURNITURE = _Caseless(
    r"\b(?:skip to (?:main )?content|navigation for|main menu|cookies?|privacy (?:policy|notice)|patient data|"
    r"back to top|read more|find out more|share (?:this|on)|print (?:this|page)|sign up|newsletter|subscribe|"
    r"last (?:reviewed|updated)|review date|next review|date of (?:publication|issue|review)|"
    r"leaflet (?:number|reference|code|no)|written by|reviewed by|medically reviewed|copyright|all rights reserved|"
    r"resource library|(?:guide|article|information|leaflet) below|(?:here is|here's|below is) an overview of|see (?:the|our|this) (?:article|page|leaflet|video|link)|"
    r"(?:research |informative |useful |helpful )?(?:links|resources|websites) (?:below|above)|"
    r"below are (?:a few |some |several )?(?:of )?(?:the )?(?:informative |useful |helpful )?(?:links|resources)|"
    r"these (?:links|resources|websites) (?:address|cover|discuss|explain|describe)|available (?:to the (?:interested )?reader )?on the internet|(?:includes|covers|contains) (?:what|how)|"
    r"(?:attached|listed|linked) below|(?:details|more information) can be found|"
    r"(?:gives|provides) information|read on (?:to|for|and)|^(?:below|above) (?:are|is|you(?:'ll| will) find)|"
    r"^(?:below|here|in this (?:article|post|blog|page)),? we (?:explain|look at|discuss|outline|describe|cover)|"
    r"advertising on (?:our|this) (?:site|website)|home\s?[»›]\s?\w+|protected email|(?:been given|are reading|have received) this (?:leaflet|booklet|information)|"
    r"(?:includes|contains|gives|provides) information (?:on|about)|"
    r"this (?:guide|leaflet|page|article|booklet|website|section) (?:(?:has been|was|is) (?:produced|written|designed|created)|"
    r"will|aims|explains|examines|describes|tells|walks (?:you )?through|outlines|"
    r"gives|provides|is (?:designed|intended|for))|(?:photo|image|picture|infographic) (?:of|showing|depicting))\b")
#: A number an editor wants sourced: a percentage, a frequency ("1 in 10", "(rare)" after a harm), a
#: success rate, how long relief lasts ("4-6 weeks", "weeks to months"), an average.
_STATISTIC = _Caseless(
    r"\d\s?%|\((?:very |extremely )?(?:rare|uncommon|common)\)|\bper\s?cent\b|\b\d{1,3}\s?in\s?\d|\bout\sof\s(?:every\s)?\d|"
    # a dose compared ("100 x lower", "less than one hundredth of those orally")
    r"\b\d+\s?x (?:lower|higher|more|less|smaller|greater|stronger)\b|\bone (?:hundredth|thousandth)\b|"
    # a fraction ("about 1/4 of post-menopausal women"), a ratio ("five times more commonly affected")
    r"\b\d{1,2}/\d{1,3} of\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+) times (?:more|less|as|higher|lower|greater)\b|"
    # a share in words ("about one person in ten", "nine out of ten patients")
    r"\b(?:one|two|three|four|five|six|seven|eight|nine)\s(?:(?:person|patient|people|patients|adult|adults|case|cases)\s)?"
    r"(?:in|out\sof)\s(?:every\s)?(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a\shundred|a\sthousand)\b|"
    r"\d\s?(?:weeks|months|years)\b|\bon\saverage\b|\ban\saverage\sof\s\d|\b(?:high|low|higher|lower) rates? of\b|"
    r"\b(?:a|one|two|three) (?:third|quarter|half|fifth)s? of (?:all )?(?:patients|people|those|sufferers|cases|fractures|injuries|"
    r"women|men|adults|children)\b|(?<![£$€\d,.])\d{1,3}(?:,\d{3})+(?! ?(?:mg|mcg|ml))\b|"
    r"\d\s?(?:hours|days) of (?:numbness|weakness|relief|pain relief|soreness|discomfort|benefit|improvement)\b|"
    r"\bthe most common (?:side[- ]effects?|complications?|risks?|adverse effects?) (?:is|are)\b")
#: How long an effect lasts, however it is worded ("it may last from a few days to several months",
#: "relief lasting up to 4 months"): a duration an editor wants sourced ("will only last a few hours"
#: is an honest limit).
_DURATION = _Caseless(
    r"(?<!only )(?<!meant to )(?<!designed to )(?<!built to )(?<!made to )\blast(?:s|ing|ed)?\s(?:for\s|from\s|up\sto\s|between\s|about\s|around\s|approximately\s|over\s)?"
    r"(?:a\sfew|a\scouple(?:\sof)?|several|many|\d|hours|days|weeks|months|years|a\s(?:day|week|month|year)\sor|"
    r"(?:one|two|three|four|five|six|eight|ten|twelve)\s(?:hours|days|weeks|months|years))\b")
#: A schedule ("refilled every 4 to 12 weeks") or a history ("in the last 30 years"): its figure
#: says when something is done or happened, not what a treatment achieves.
_SCHEDULE = _Caseless(
    r"\bevery (?:\d+|few|two|three|four|five|six|eight|ten|twelve)(?:\s?(?:to|-|\u2013|or)\s?\d+)?\s?"
    r"(?:hours|days|weeks|months|years)\b|"
    r"\b(?:in|over|during) the (?:last|past) (?:\d+|few|two|three|four|five|ten|twenty|thirty|fifty) "
    r"(?:years|decades)\b|"
    r"\b(?:reviewed|seen|followed up) (?:[\w-]+ ){0,4}?in (?:about |around |approximately )?\d+ (?:weeks?|months?)\b|"
    r"\b\d+ years of (?:experience|practice)\b|"
    r"\b(?:specialised|specialized|practised|practiced|worked|been practi[cs]ing) (?:in [\w ]{1,60}? )?for (?:over |more than )?\d+ "
    r"years\b|\bapproved (?:[\w-]+ ){0,4}?in (?:19|20)\d\d\b|"
    + _NOT_AN_EFFECT_LASTING.pattern + "|"
    # a medicine's strength ("licensed for use in osteoarthritis (0.025%)"), a course of exercise or sessions ("Twice a
    # week for 8-12 weeks", "monthly one-hour sessions over 12 months"), a waiting time
    r"\b0\.\d+\s?%|\baged (?:\d+|between \d+ and \d+)(?: years)?(?: (?:and|or) (?:over|above|older|under|younger))?|"
    r"\b(?:once|twice|three times|\d+ times) (?:a|per) (?:day|week|month) for \d+(?:\s?(?:-|\u2013|to)\s?\d+)? (?:weeks|months)\b|"
    r"\b(?:sessions?|appointments?|visits?|seminars?|classes|meetings?) (?:over|for|across) (?:\d+|one|two|three|six|twelve) "
    r"(?:weeks|months)\b|\bwait(?:ing)? (?:times?|lists?)\b[^.;]*|"
    # how long a session takes, and how long symptoms must have lasted (a criterion, not an effect)
    + _SESSION_LENGTH.pattern + "|"
    r"\b(?:experienced|had|lasted|been present|persisted|suffered|continued) for at least (?:\d+|one|two|three|four|five|"
    r"six|eight|ten|twelve) (?:weeks|months|years)\b")
#: Figures that are statistics only in a statement about a treatment's effect: a span in words
#: ("relief lasting weeks to months"; a condition that "may persist for weeks to months" is
#: background), a time in hours or days ("relief within 1-3 days"; "a stay of 2-4 hours" is the
#: service), a share of patients without its figure ("for most patients this can be expected").
_EFFECT_STATISTIC = _Caseless(
    r"\b(?:hours|days|weeks|months|years) to (?:a |a few |several |many )?(?:days|weeks|months|years)\b|"
    r"\b(?:one|two|three|four|five|six|eight|ten|twelve)\s(?:to|or)\s(?:two|three|four|five|six|eight|ten|twelve|"
    r"eighteen|twenty|twenty-four)\s(?:hours|days|weeks|months|years)\b|"
    r"\d(?: |\u00a0)?(?:hours|days)\b|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:hours?|days?|weeks?|months?|years?)\b|"
    r"\bup to (?:a|one|two|three|four|five|six) (?:weeks?|months?|years?)\b|"
    r"\bwithin (?:a few|several|a couple of) (?:hours|days|weeks|months)\b|\bwithin a (?:day|week) or two\b|"
    # the sessions an effect takes ("relief after three or four sessions", "an average of 10-15 treatments")
    r"\b(?:after|until|within) (?:(?:you have )?(?:undergone|had) )?(?:\d+|two|three|four|five|six)(?:\s?(?:-|\u2013|or|to)\s?"
    r"(?:\d+|three|four|five|six|eight|ten))? (?:treatments|sessions)\b|"
    # pain reduced for a span ("it is often possible to reduce the pain for several months")
    r"\b(?:reduce|relieve|ease|control)s? (?:the |your |their )?(?:pain|symptoms) for (?:(?:a few|several|many|some|up to(?: \w+)?|"
    r"\d+(?:\s?(?:-|to|\u2013)\s?\d+)?) )?(?:days|weeks|months|years)\b|"
    # a span of relief without "last" ("relief for a few weeks or for several months")
    r"\b(?:relief|relieve[sd]?|benefits?|improvements?|effects?)\b(?: [\w-]+){0,4}? for (?:a few|several|many|some) "
    r"(?:days|weeks|months) or (?:for )?(?:a few |several |many )?(?:weeks|months|years)\b")
#: A share of patients without its figure ("for most patients", "the majority of the patients studied"): a
#: statistic in a statement about a treatment's effect, unless the effect is only possible ("it is possible
#: to reduce the headaches experienced by many patients").
_SHARE = _Caseless(r"\b(?:most|many|the (?:vast |great )?majority of|a lot of) (?:of )?(?:our |the )?(?:patients|people|sufferers)\b")
_MODAL_DOUBT = _Caseless(r"\b(?:may|might|could|possibly|perhaps|potentially|(?:is|it's) possible)\b")
#: The time course of an injection's effect given as a figure ("will wear off approximately six hours after",
#: "can take up to one week for the steroid to work"): a statistic an editor wants sourced, hedged or not.
_TIME_COURSE = _Caseless(r"\b(?:wears?|wore|worn) off\b|\bto (?:reach (?:its |the )?(?:maximum|peak|full)|"
                         r"feel the (?:full )?(?:effects?|benefits?))\b|\b(?:relief|benefit|improvement) (?:[\w,-]+ ){0,6}?(?:begins|starts) "
                         r"(?:around|within|after|in|at)\b|\bfor (?:the |your |this |it )?(?:[\w-]+ )?to (?:work|take (?:effect|affect))\b|"
                         r"\b(?:starts?|begins?) (?:to work|working)\b|\btakes? (?:effect|affect)\b|\bkicks? in\b|\bpeak effect\b")
_TIME_FIGURE = _Caseless(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|ten|twelve|twenty-four|a few|several)"
    r"(?:\s?(?:-|to|or|\u2013)\s?\d+)? (?:hours?|days?|weeks?)\b|"
    r"\b(?:first|second|third|fourth|fifth|sixth) (?:day|week|month)\b|\bup to (?:a|one|two|three|six) months?\b")
#: A success rate is a statistic when the sentence gives one ("ranges from 47% to 74%"); named
#: alone ("success rates vary depending on the study") it is the subject, not a figure.
_SUCCESS_RATE = _Caseless(r"\bsuccess rates?\b")
_DIGIT = re.compile(r"\d")
#: An appeal to evidence that names no study, or to a standing only evidence could give
#: ("well-established", "the treatment of choice").
_APPEAL = _Caseless(
    r"\b(?:(?<!imaging )(?<!diagnostic )(?<!conduction )studies|research|trials|clinical trial|literature|evidence(?! of (?:a|an) )|published|proven|"
    r"(?:been|(?<!can )(?<!may )be|was|were) (?:shown|found)(?= (?!into\b|around\b|round\b|how\b|where\b|to (?:a|the|your)\b)[a-z])|"
    r"study (?:showed|demonstrated|found|proved|confirmed|reported)|(?:good|great|excellent|considerable) success with|(?:strong|good|robust|solid|compelling|growing|substantial) data|"
    r"(?:clinical|recent|another|different|one|large|a) study|"
    r"(?<!scan )(?<!ray )(?<!mri )(?<!test )(?<!tests )(?:have|has) shown|(?<!as )shown to(?! you\b)|it was found|well[- ]?established(?! (?:tier|programmes?|programs?|services?|clinics?|teams?|practices?|centres?|centers?|units?|departments?|pain)\b)|well[- ]researched|science[- ](?:backed|based)|(?:is|are) (?:a |an )?(?:widely |highly |strongly )?recommended "
    r"(?:therapy|therapies|treatments?|approach|option)|"
    r"(?:is|are) (?:well |widely |generally )?known to (?:be|cause|have|increase|reduce|improve|relieve|lead|help|work|provide)|"
    r"(?:generally|widely|universally) (?:recognized|recognised|accepted|acknowledged) (?:as|to be|that)|gold standard|treatments? of choice|"
    r"(?:widely|universally) (?:recommended|regarded|considered|endorsed) as|(?<!your )the preferred (?:[\w-]+ ){0,2}?"
    r"(?:treatment|therapy|option|approach|choice)s?|"
    r"well[- ]documented|(?:has|have) been (?:noted|observed|reported|demonstrated|confirmed|documented)|"
    r"(?:has|have) been (?:associated|linked) with (?:significant|reduced|improved|better|lower|fewer|less|greater|"
    r"a (?:reduction|decrease|improvement)|an improvement|improvements|reductions)|"
    r"(?:most|many|current|national|international|clinical|nice) guidelines (?:now )?(?:recommend|advise|suggest)|"
    r"(?<!your )(?<!the )(?<!our )(?<!their )(?:doctors|experts|specialists|physicians) (?:now )?(?:recommend|advise|agree))\b")
#: A body named as the only source ("recommended by NICE", "approved by the FDA"): an appeal to an
#: authority the reader cannot look up (case-sensitive: an acronym or a named institute).
_AUTHORITY = re.compile(r"\b(?:[Rr]ecommended|[Ee]ndorsed|[Aa]pproved|[Ss]upported|[Aa]dvocated) by (?:the )?"
                        r"(?:[A-Z]{2,}\b|National Institute|World Health|[Gg]uidelines?\b)|"
                        # An organisation's advice as the only source ("The American College of Physicians ... now
                        # advises its members", "many national health authorities have begun to recommend").
                        r"\b(?:College|Institute|Association|Society|Academy|Organi[sz]ation|Federation|Council|Agency)"
                        r"\b[^.;]{0,80}?\b(?:advises|recommends|endorses|advocates|recommendations|guidelines)\b|"
                        # an organisation given as the source of a statement, with nothing to look up
                        r"\b[Aa]ccording to (?:the )?(?:[A-Z][\w-]* (?:of |for |and |on )?){0,5}(?:College|Institute|"
                        r"Association|Society|Academy|Organi[sz]ation|Federation|Council|Agency|Foundation|Board)\b|"
                        r"\b(?:[Cc]onsidered|[Rr]egarded|[Dd]eemed)\b[^.;]{0,60}?\bby (?:the )?(?:[\w-]+ ){0,4}?(?:organi[sz]ations|"
                        r"societies|bodies|authorities|experts|colleges)\b|"
                        r"\b(?:health|medical) (?:authorities|bodies|organi[sz]ations)\b[^.;]{0,40}?"
                        r"\b(?:recommend|advise|endorse)")
#: Research mentioned without a result ("studies have been performed on ..."): it claims nothing.
_NO_RESULT = _Caseless(
    r"\b(?:studies|trials|research) (?:have|has) been (?:performed|done|carried out|conducted|undertaken)\b|"
    r"\bmore research is needed\b|\bresearchers (?:have |had )?(?:needed to |had to )?(?:compare|compared|studied|investigated|looked at)\b|"
    r"\b(?:they|researchers|the (?:study|trial|authors|investigators)) (?:looked at|studied|included|"
    r"recruited|enrolled) (?:\d+ )?(?:persons|people|patients|participants|adults|subjects|women|men)\b|"
    r"\b(?:excluded from|included in|enrolled in|took part in|participated in) "
    r"(?:the |these |those |clinical |the clinical )?(?:trials?|studies|study)\b|"
    r"\b(?:has|have) been (?:investigated|studied|researched|explored|evaluated|tested) "
    r"(?:as|for|in)\b|\bstill being (?:studied|researched|investigated)\b|"
    r"\b(?:little|limited|no|not enough|insufficient|lack of|scant|sparse|few) (?:[\w-]+ ){0,2}(?:data|evidence|research|studies)\b|"
    r"\b(?:studies|trials|research|meta-analyses|reviews) (?:\w+ ){0,6}?(?:have|has) (?:examined|investigated|studied|"
    r"looked at|evaluated|assessed|explored)\b|"
    r"\b(?:hard|difficult|not easy) to (?:get|find|obtain|gather|collect) (?:\w+ ){0,2}(?:data|evidence|research|studies)\b|"
    r"\b(?:evidence|research|results|studies|data) (?:[\w,]+ ){0,8}?(?:is|are|remains?|has been|have been) (?:still )?"
    r"(?:mixed|conflicting|unclear|inconclusive|limited|weak|poor|lacking)\b|"
    r"\b(?:evidence|research|data) (?:is|are) (?:still )?not (?:very )?(?:great|good|strong|convincing)\b|"
    r"\b(?:discussed|discusses|talked about|talks about|covered|covers) the (?:safety|effectiveness|efficacy|benefits|"
    r"risks|use)\b")
#: Research cited for a result ("there are studies showing ozone therapy relieves pain"): an appeal to
#: evidence, even beside a caveat about the research ("While currently no comprehensive studies exist").
_RESULT_APPEAL = _Caseless(
    r"(?<!\bno )(?<!\bany )(?<!\blittle )(?<!\bnot enough )"
    r"\b(?:studies|research|trials|evidence|data) (?:that )?(?:show|shows|showing|suggest|suggests|suggesting|found|"
    r"finds|demonstrate|demonstrates|demonstrating|prove|proves|proving|confirm|confirms)\b")
#: The reader sent to a document that gives the figures ("please take a look at the product leaflet",
#: "see the manufacturer's leaflet"): a source the reader can look up, not an unsourced claim.
_SOURCE_POINTER = _Caseless(
    r"\b(?:see|look at|read|refer to|check|found in|listed in|described in) (?:the |your )?"
    r"(?:product|manufacturer'?s?|patient information|medicine'?s?|drug'?s?|package) (?:information )?"
    r"(?:leaflet|insert|information)\b")
#: A definition ("chronic pain refers to pain that lasts beyond 3 months"): its figures define a
#: word, they report no outcome.
_DEFINES = _Caseless(r"\b(?:refers? to|(?:is|are) defined as|we call (?:this|it|that))\b")
#: A condition defined by how long it lasts ("pain in the knee that lasts for more than 3 months", "Each
#: headache day lasts 4 hours or longer"): a threshold that defines, not a treatment's effect.
_THRESHOLD = _Caseless(r"\b(?:lasts?|lasting|persists?|persisting) (?:for )?(?:(?:more|longer) than|beyond)\b|"
                       r"\b(?:lasts?|lasting) (?:for )?\d+\s?(?:hours|days|weeks|months|years) or (?:longer|more)\b")
#: Words of a treatment's effect: a threshold in their sentence is the effect's duration.
_EFFECT_NAMED = _Caseless(r"\b(?:relief|benefits?|effects?|results?|improvements?|injections?|treatments?|"
                          r"therapy|procedure)\b")
#: A modal that promises nothing (whom a treatment can help: "can provide relief for patients with ..."), an honest limit ("cannot be guaranteed", "does not", "has not improved",
#: "the benefits tend to be temporary") or an indirect question ("how you respond"): it governs its
#: clause ("it may help some people"), not the others ("it helps a lot of people, but not everyone").
_HEDGE = _Caseless(
    r"\b(?:may|might|could|possibly|potentially|potential (?:therapeutic |clinical |health )?(?:benefits?|effects?|role|uses?|advantages?)|relatively|(?:is|it's) (?:\w+ )?possible|perhaps|we hope|vary|varies|cannot be guaranteed|no guarantees?|not guaranteed|(?:difficult|hard|impossible|no way) to predict|cannot be predicted|"
    r"(?<!that )(?<!which )(?<!who )(?:does not|do not|doesn't|don't)|will not|won't|not to|rather than|no (?:benefit|relief|improvement)|"
    r"no (?:known )?cure|not a cure|not expected|try (?:and|to) (?:reduce|relieve|help|ease|improve|normali[sz]e|control)|only lasts?|will (?:\w+ )?only last|"
    r"some (?:people|patients)(?! who\b)|some of (?:you|them|our patients)|in some (?:cases|people|patients)|"
    r"not (?:everyone|everybody|all (?:people|patients))|not (?:\w+ ){1,2}for (?:everyone|everybody|all (?:people|patients))|possible (?:side[- ]effects?|risks?|complications)|"
    r"some (?:\w+ )?(?:relief|benefit|improvement|reduction)|some (?:conditions|cases|types|kinds)|than others|"
    r"(?:is|are) (?:thought|believed) to|designed to|intended to|meant to|aims? to|hopefully|"
    r"(?:appears?|seems?) to|in an effort to|developed to|promising|"
    r"not (?:completely |fully |entirely |well |yet )?(?:known|understood|clear)|unrealistic|not realistic|"
    r"(?:is|are|remains?) (?:still |currently |as yet |largely )?(?:unknown|unclear|uncertain)|whether or not|"
    r"(?:no|not) more effective\b|(?:not|isn't|is not) enough to|we believe|not (?:completely |entirely |totally )?(?:free (?:of|from)|without) |"
    r"sometimes\b[^.;]{0,100}?\b(?:effective|helpful|useful|helps|works)|(?:some|a) (?:potential|possibility) (?:for|of)|"
    r"(?:it is|it's) (?:thought|believed) that|"
    r"(?:respond|react)s? (?:[\w-]+ ){0,4}?(?:differently|uniquely|individually)|"
    r"how (?:long|much|well)|depends? on|(?:how|whether) (?:you|it|they|patients|people)|"
    r"(?:has|have|had) not|hasn't|haven't|hadn't|"
    r"\bcan (?:\w+ ){1,6}?(?:for|to|in) (?:patients|people|those|sufferers) (?:with|who)\b|"
    r"(?:relief|benefits?) (?:\w+ ){0,6}?(?:is|are|be) (?:usually |often |only |generally )?"
    r"(?:temporary|short[- ]lived)|"
    # an effect said to be small, or kept only by repeating it ("their efficacy can be low", "in order to remain effective")
    r"(?:efficacy|effectiveness|success|benefits?|results?|effects?) (?:can|may|is|are|tends? to) (?:be )?"
    r"(?:often |sometimes |quite |very |relatively )?(?:low|limited|poor|modest|small|disappointing)|"
    r"poor reputation|to (?:remain|stay|keep it|keep them) effective)\b")
#: An effect stated as large or lasting ("significant and lasting pain relief"): a promise that "some
#: people" or "can" does not soften; only a modal that doubts it ("may", "might", "could") does.
_INTENSIFIED = _Caseless(
    r"\b(?:significant|marked|substantial|considerable|dramatic|excellent|lasting|long[- ]lasting|long[- ]term) "
    r"(?:and (?:\w+ )?)?(?:pain )?(?:relief|improvement|reduction|benefit)\b|"
    r"\b(?:results?|relief|benefits?|effects?|improvements?) (?:is |are )(?:\w+ )?(?:longer[- ]lasting|long[- ]lasting|"
    r"permanent)\b")
_DOUBT = _Caseless(r"\b(?:may|might|could|possibly|potentially|perhaps|not|(?:is|it's) possible)\b")
#: A negated harm ("it does not cause the sedative side effect", "doesn't usually upset your tummy"): a
#: reassurance about the treatment's risk, not a hedge.
_NEGATED_HARM = _Caseless(r"\b(?:does not|doesn't|do not|don't|will not|won't|cannot|can't) "
                          r"(?:usually |normally |generally |often )?(?:[a-z]+ or )?"
                          r"(?:cause|lead to|result in|produce|upset|irritate|harm|damage|become (?:addicted|dependent))\b|"
                          # harms not had ("Most people who take gabapentin don't get any side effects")
                          r"\b(?:don't|do not|doesn't|does not|won't|will not) (?:usually |normally |generally )?(?:get|have|experience|"
                          r"suffer) (?:any )?(?:side[- ]effects|complications)\b|"
                          # little effect elsewhere ("should have very little effect on the rest of your body")
                          r"\b(?:very )?(?:little|minimal|no) (?:\w+ )?effects? on the rest of (?:your|the) body\b|"
                          r"\bwithout (?:damaging|harming|injuring)\b|"
                          r"\bwithout (?:causing |doing )?(?:any )?(?:significant |serious |lasting |permanent )?(?:tissue |nerve )?"
                          r"(?:damage|harm|injury|side[- ]effects|problems)\b")
#: A verb or an auxiliary: a clause without one ("Reduction in muscle spasms", "side effects and
#: possibility of complications") names things and states nothing by itself.
_VERB = _Caseless(
    r"\b(?:is|are|was|were|be|been|being|am|has|have|had|does|do|did|can|could|may|might|will|would|shall|"
    r"should|must|cannot|\w+ed|relieves|reduces|improves|helps|lasts|works|eliminates|cures|decreases|prevents|"
    r"causes|responds|means|blocks|allows|provides|gives|leads|results|occurs|happens|stops|affects|makes|takes|"
    r"needs|involves|requires|includes|contains|offers|starts|begins|wears|settles|subsides)\b|n't\b|"
    r"\b(?:it|they|we|you|he|she|which|who|these|those|patients|people) \w+")
_CLAUSE = re.compile(r"[,;\u2022]|\b(?:but|though|although|whilst|while|however)\b", re.IGNORECASE)
_SHORT_CLAUSE = 3
_LISTED_WORDS = 4
"""After a disclosure of harms, a clause this short is one more harm listed ("reduced sex drive"), whatever its words."""
"""A clause of fewer words continues the clause before it ("can diagnose, and in some cases, relieve
pain"): the hedge or condition that governs that clause governs it too."""
#: A clause that states a condition or an aim ("unless an exercise programme is kept up", "in order
#: to maintain pain reduction") asserts nothing by itself.
_CONDITION_OPENINGS = ("if ", "to ", "for ", "unless ", "in order to ", "so that ", "when ", "once ", "provided ",
                       "even if ", "even when ", "even after ", "even though ", "until ", "before ")
#: A share that opens a clause ("For many, steroid injections are a great solution"): not a condition.
#: A clause that is the reader's wish ("or simply someone who wants to move and feel better"): no promise.
_WISH = _Caseless(r"^(?:simply |just )?(?:someone|anyone|people|those|you) (?:who|that) (?:wants?|wish(?:es)?|hopes?) to\b")
_SHARE_OPENINGS = ("for many", "for most", "for the majority")
#: A conjunction that joins a clause to the one before it ("and to restore ...", "so unless ..."): read
#: past when judging how the clause opens.
_JOINING = re.compile(r"^(?:(?:and|or|so|then|but)\s+|(?:yes|no),?\s+)", re.IGNORECASE)
#: An action as the subject ("Blocking the nerves can reduce the pain", "Injecting an anaesthetic can
#: provide relief"): with "can" it explains how a treatment is meant to work, and promises nothing.
_ACTION_CAN = _Caseless(r"^(?!(?:during|following|according|including|nothing|something|anything|everything|"
                        r"being|morning|evening)\b)[a-z]+ing\b[^.;]*\bcan\b")
#: "can" with the means it works by ("The local anaesthetic can help reduce the pain by blocking the pain
#: signals", "Nerve impulses can be blocked by applying a local anesthetic"): a hedged explanation of how a
#: treatment is meant to work ("reduces pain by sending ..." without "can" asserts it).
_HOW_CAN = _Caseless(r"\bcan (?:[\w-]+ ){0,6}?by (?:[\w-]+ )?[a-z]+ing\b")
#: A clause that opens on a participle ("..., providing pain relief", "..., leading to ..."): it continues the
#: clause before it, whose hedge governs it.
_PARTICIPLE_OPENING = _Caseless(r"^\s*(?:and |thus |thereby |so )?[a-z]+ing\b")
#: A clause that opens with a bare verb of effect continues a list of purposes or uses ("is commonly used for
#: pain relief, to promote tissue healing, relieve muscle spasm and ..."): it joins the clause before it ("..., to
#: reduce the pain" stands alone, a purpose).
_INFINITIVE_OPENING = _Caseless(r"^\s*(?:and |or )?(?:[a-z]+ly )?(?:relieve|reduce|promote|improve|stimulate|ease|increase|decrease|"
                                r"restore|strengthen|prevent|treat|help|minimi[sz]e|change|gain|build|develop|regain)\b")
#: A clause that opens on its verb ("Leaning forward, such as onto a shopping cart, can provide relief"), or a
#: relative clause on its modal ("Bleeding around the injection site, which should settle down by itself"): its
#: subject stands in the clause before it, and the two are read as one.
_VERB_OPENING = _Caseless(r"^\s*(?:(?:which|that) )?(?:can|will|would|should)\b")
#: A symptom said to be worse in some circumstance ("This type of headache is worse when the patient is
#: vertical"): a description of the condition, not a treatment's effect.
_WORSE_WHEN = _Caseless(r"\b(?:is|are|gets?|becomes?|feels?) (?:often |usually |typically |much )?worse "
                        r"(?:when|if|with|after|on|in|at)\b|"
                        r"\b(?:is|are) (?:often |usually |typically )?(?:aggravated|made worse|brought on|triggered) by\b")
#: A historical aside ("in the middle of the 20th century", "for thousands of years"): an editor notes it
#: lightly (info), it is no claim about what a treatment does today.
_HISTORICAL = _Caseless(r"\b\d{1,2}(?:st|nd|rd|th) century\b|\bfor (?:thousands|hundreds) of years\b|"
                        r"\bfor (?:many )?centuries\b")
#: A study the text names by year and venue ("In a 2017 article published in the journal Pain, ..."): a
#: source the reader can look up, though no marker points to it (case-sensitive: the journal's name).
_STUDY_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_STUDY_VENUE = re.compile(r"\b(?:[Pp]ublished|[Aa]ppeared|[Rr]eported) in (?:the )?(?:journal |[Jj]ournal of )?[A-Z]|"
                          r"\b[Tt]he journal [A-Z]|\bJournal of [A-Z]")
#: A source named so the reader can find it without a year: the journal it was published in ("published on
#: July 13th in The New England Journal of Medicine") or its authors with their degrees ("a review paper by
#: ... (Thomas J. Smith, M.D., ...)") (case-sensitive: names).
_SOURCE_NAMED = re.compile(r"\b(?:[Pp]ublished|[Aa]ppeared) (?:on [\w ,]{1,25}? )?in (?:[Tt]he )?(?:[A-Z][\w-]* ){0,4}Journal\b|"
                           # guidance by its date ("In June 2012, the National Institute ... (NICE) issued guidance")
                           r"\b[Ii]n (?:January|February|March|April|May|June|July|August|September|October|November|December) "
                           r"(?:19|20)\d\d,? (?:the )?(?:[\w-]+ ){1,12}?(?:\([A-Z]{2,}\) )?(?:issued|published|released)\b|"
                           # a guideline by its number ("recommended by NICE (as per CG193)", "NICE NG59")
                           r"\b(?:CG|NG|TA|QS|PH|IPG)\d{2,3}\b|"
                           r"\b(?:[Ss]tudy|[Rr]eview|[Pp]aper|[Rr]eport|[Tt]rial) by [^.;]{0,80}?\b[A-Z][a-z]+ (?:[A-Z]\. )?"
                           r"[A-Z][a-z]+,? (?:M\.D\.|MD|Ph\.D\.|PhD)|"
                           # a named survey or registry as the source of a figure ("According to data from the
                           # CDC's National Health Interview Survey")
                           r"\b[Aa]ccording to (?:data|figures|a report) (?:from|by|of) (?:the )?(?:[A-Z][\w']* ){1,6}"
                           r"(?:Survey|Study|Registry|Database|Census)\b")
#: A definition whose relative clause asserts the outcome as fact ("is a type of neuromodulation that
#: reduces pain by sending tiny electrical signals"): the definition does not excuse the claim.
_DEFINED_EFFECT = _Caseless(r"\b(?:that|which) (?:reduces|relieves|eliminates|cures|eases|alleviates|decreases|"
                            r"prevents|stops|improves) (?:\w+ )?(?:pain|symptoms|headaches?|inflammation)\b|"
                            r"\beffective (?:pain )?relief\b|\b(?:that|which) (?:has|have) (?:seen|shown|had|produced) (?:great|excellent|good|"
                            r"impressive|positive) results\b")


def names_study(sentence: str) -> bool:
    """Whether ``sentence`` names a study by year and venue ("In a 2017 article published in the journal
    Pain"): something the reader can look up.

    >>> names_study("In a 2017 article published in the journal Pain, 984 users reported relief.")
    True
    >>> names_study("Studies show that 70% of patients improve.")
    False
    """
    return (_STUDY_YEAR.search(sentence) is not None and _STUDY_VENUE.search(sentence) is not None) \
        or _SOURCE_NAMED.search(sentence) is not None


#: An enumeration ("These include exercise, tablets and TENS."): it names options, it claims no effect.
_ENUMERATION = _Caseless(
    r"^(?:these|they|this|others?|examples?|alternatives|options|other (?:\w+ )?(?:treatments|options)) "
    r"(?:may |can |could |might )?(?:also )?includes?\b|"
    r"^(?:some )?(?:methods|types|forms|kinds|examples) of (?:[\w-]+ ){1,5}?(?:include|are)\b")
#: The imperative openings of an instruction to the patient ("Please ...", "Do not ...", "Take ..."):
#: one list for the instruction read anywhere (_INSTRUCTION) and the one that opens a sentence
#: (_DIRECTIVE).
_IMPERATIVE = (r"(?:please|do not|don't|never|always|take|avoid|stop|keep|continue|try|ask|tell|contact|call|see|speak|talk|"
               r"remember|make sure|plug|place|put|attach|remove|switch|turn|wear|press)")
#: An instruction that opens the sentence ("Continue taking it for the first 6 weeks", "It is
#: important that you ..."): its figures say what to do, not what a treatment achieves.
_DIRECTIVE = _Caseless(
    rf"^(?:{_IMPERATIVE}|it is (?:very |really |extremely |especially )?(?:important|essential|vital|best) (?:that you|to|not to)|you (?:will )?need to|"
    r"you (?:will be|may be) (?:asked|advised|told) to|you (?:may )?need|"
    r"you (?:should|must)(?:n't| not)? (?!notice|feel|get|experience|find|see|have|start|begin|expect))\b")
#: A sentence that states a purpose as its main clause ("The purpose of the programme is to promote
#: self-management ... and reduce suffering", "Kinesio tape was developed in an effort to decrease pain,
#: ..."): every item of it is the aim, none a result.
_PURPOSE_SENTENCE = _Caseless(
    r"^(?:the|our|its|their) (?:main |overall |primary )?(?:aims?|goals?|focus|purposes?|objectives?|role) "
    r"(?:of [^.;]{0,60}? )?(?:is|are) to\b|\b(?:was|were|is|are) (?:developed|designed|created|invented) "
    r"(?:in an effort |in order )?to\b")
#: An honest limit on what to expect ("It is unrealistic to think you will get one hundred percent
#: relief"): its figure sets expectations, it claims no result.
_LIMIT = _Caseless(r"\b(?:unrealistic|not realistic|(?:do not|don't|should not|shouldn't) expect)\b")
#: The lead-in of an explanation ("TENS can help to ease pain in two ways."): what follows says how.
_WAYS_LEAD_IN = _Caseless(r"\bin (?:two|three|four|several|many|different|a (?:few|number of)) ways\.?$")
#: A list's lead-in that states the effect itself ("Spinal cord stimulators are effective in treating many
#: types of chronic pain, including:", "are ideal for treating ..."): a claim, whatever the list holds.
_CLAIMED_LEAD_IN = _Caseless(r"\b(?:is|are) (?:(?:very|highly|extremely|particularly) )?(?:effective|ideal|successful|proven) "
                             r"(?:in|for|at)\b|"
                             # harms said to be rare ("Potential complications are uncommon and include:")
                             r"\b(?:complications|side[- ]effects|risks|problems|effects) (?:are|is) (?:very |extremely )?(?:uncommon|rare)\b|"
                             # benefits claimed for the conditions listed ("have even helped patients find relief from ... the
                             # following chronic conditions:", "These conditions can all be treated with physical therapy:")
                             r"\b(?:have|has) (?:even |also )?helped (?:patients|people|many)\b|\bcan all be (?:treated|helped|relieved)\b")
#: Wordings that cue a benefit (a treatment judged as an option, what it lets the patient do or cut, a
#: result it brings about, a lead-in that states its effect) and a risk (how rare a harm is, that it will
#: pass, a function not lost, a harm denied), read by :func:`_cued_kind` on the lower-cased sentence.
#: A recovery sped up ("will typically speed the patient's recovery", "accelerates healing").
_SPEEDS_RECOVERY = _Caseless(r"\b(?:speeds?|sped|hastens?|accelerates?) (?:up )?(?:the |your |their |the patient's |a )?"
                             r"(?:recovery|healing)\b|\baids? (?:the )?speed of (?:the |your |their )?(?:recovery|healing)\b|"
                             # relief promised as what to expect ("You can expect your pain to be less")
                             r"\bexpect (?:your |the )?(?:pain|symptoms) to (?:be less|lessen|improve|ease|settle|go away)\b")
#: A treatment ranked or acclaimed ("one of the most effective tools", "the #1 ... treatment", "a game changer"): a
#: claim of its effect that no single source supports.
_RANKED = _Caseless(r"\b(?:one of the (?:most effective|best|most successful|most powerful|most useful)|the (?:#1|number one|no\. 1)) "
                   r"(?:[\w-]+ ){0,2}?(?:tools?|treatments?|approach(?:es)?|options?|therapy|therapies|methods?|techniques?|"
                   r"interventions?)\b|\bone of the (?:most effective|best) ways? to (?:treat|relieve|reduce|manage|ease|heal|fix)\b|"
                   # acclaim ("has emerged as a game changer", "a revolutionary technique")
                   r"\bgame[- ]changer\b|\b(?:revolutionary|breakthrough) (?:treatment|technique|therapy|procedure|approach)\b")
#: Surgery prevented, the cause said to be treated ("physiotherapy works on the cause of nerve irritation", "tackles the root
#: cause"), and a recovery said to be short ("recovery time is minimal", "you can return to your duties straight
#: away"): a benefit stated as fact.
_CAUSE_TREATED = _Caseless(
    r"\bprevents? (?:you|patients|people|them) from (?:an? |having |needing |undergoing )?(?:[\w-]+ )?surgery\b|"
    r"\b(?:works? on|treats?|tackles?|fix(?:es)?|corrects?|gets? to) (?:the |its |their |your )?"
    r"(?:root |underlying |actual |real )?causes?\b|"
    r"\brecovery (?:time |period )?is (?:minimal|quick|short|fast)\b|"
    r"\breturn to (?:your |their |normal |usual |daily )?(?:[\w-]+ )?(?:activities|duties|routine|life|work) "
    r"(?:straight away|immediately|right away|the same day)\b")
#: An effect stated plainly ("It works.", "Physiotherapy is crucial for management of hip pain", "can help a great deal").
_PLAIN_CLAIM = _Caseless(r"^(?:it|this|they|this treatment|this therapy|this approach) works?\.?$|"
                         r"\b(?:is|are) (?:crucial|essential|vital|key) (?:for|in|to) (?:the )?(?:management|treatment|recovery|relief)\b|"
                         r"\bhelps? (?:a great deal|a lot|enormously|tremendously|significantly)\b")
_BENEFIT = (_PLAIN_CLAIM, _SPEEDS_RECOVERY, _EVALUATIVE, _ALLOWS, _FEWER_MEDICINES, _RESULT_PROMOTED, _CLAIMED_LEAD_IN, _CAUSE_TREATED,
            _RANKED)
#: Patients said to have no trouble ("The vast majority of patients ... have no problems with this procedure"): a
#: reassurance about the treatment's risk.
_NO_TROUBLE = _Caseless(r"\b(?:have|has|had|experience|experienced|report|reported) no (?:problems|complications|side[- ]effects|"
                        r"issues|adverse effects)\b")
_RISK = (_RARITY, _HARM_PASSES, _NO_LOSS, _NEGATED_HARM, _NO_TROUBLE)
#: A clause telling how a treatment acts ("It acts to reduce inflammation", "fentanyl acts within your body to
#: relieve pain"): an explanation of its mechanism.
_ACTS_TO = _Caseless(r"\b(?:acts? (?:[\w-]+ ){0,6}?|works? (?:on|in|at|through) (?:[\w-]+ ){0,5}?)to "
                     r"(?:reduce|relieve|block|calm|numb|ease|decrease|stop|dampen)\b")
#: A patient's own words, quoted ("“I had been suffering with tennis elbow for 8 months ..."): a
#: testimonial, noted lightly; it is no claim of the article's own.
_TESTIMONIAL = re.compile(r"^\s*[\"\u201c\u2018']\s*(?:I|I'd|I've|I'm|My)\b")
#: A dose to be changed ("This may be increased to 60mg after 2 weeks"): the prescriber's schedule.
_DOSE_CHANGE = _Caseless(r"\b(?:(?:may|can|will|should|is|are) (?:then |usually |often )?be |(?:is|are) (?:then |usually |often |normally |"
                         r"gradually )?)(?:increased|reduced|decreased|"
                         r"raised|lowered|adjusted|changed|titrated) (?:up |down )?to (?:\d|half|a half|a third|a quarter)|"
                         r"\b(?:find|finding|get|getting|reach|reaching) the (?:right|correct|best) dose\b|"
                         r"\b(?:can|may|will) be repeated (?:at|after|every|in) (?:intervals of )?(?:a minimum of |at least )?"
                         r"(?:\d|one|two|three|four|six|twelve)|"
                         # a trial's length ("... may not be felt for 4-6 weeks, so do not judge how it is working")
                         r"\b(?:do not|don't) (?:judge|decide)\b")
#: An absolute promise no single source supports ("safe and effective", "no possibility of becoming
#: addicted", "completely safe"): overstated, however it is hedged elsewhere.
_ABSOLUTE = _Caseless(
    r"\b(?:(?:safe|simple|quick|easy) and effective|no (?:possibility|chance|danger) of|(?:completely|totally|perfectly|entirely|100%) "
    r"(?:safe|painless|harmless|effective|risk[- ]free)|risk[- ]free|(?:without any|free (?:of|from)) "
    r"(?:risks?|side[- ]effects?|complications)|never (?:returns?|comes? back)|permanent(?:ly)? (?:cure|cures|relief)|works? wonders|for good(?! measure)|"
    r"miracle (?:cure|treatment)|(?:lifelong|permanent) (?:solution|cure|relief))\b")
#: An absolute denied ("no pain procedure can be risk free"): an honest limit, not a promise.
_ABSOLUTE_DENIED = _Caseless(r"\b(?:no|not|never|cannot|can't|isn't|nothing)\b[^.;]{0,40}?\b(?:risk[- ]free|completely safe|"
                             r"100% (?:safe|effective)|without (?:any )?risks?)\b")
#: An instruction to the patient, or what happens on the day; "you should not drive" wherever it
#: stands, but not "you should feel better" (a promise).
_INSTRUCTION = _Caseless(
    rf"^(?:{_IMPERATIVE}|you (?:should|must)(?!(?:n't| not)? (?:feel|notice|get|experience|find|see|have|start|begin|expect)\b)|"
    r"you (?:need|cannot|can't|can ask|can use|can try|can apply))\b|"
    r"^(?:(?:instead|also|then|together|here|there),?\s+)?you will (?!(?:\w+ly |probably )?(?:feel|notice|get|have|experience|find|see|be able|"
    r"not become|not get)\b)|"
    r"\b(?:you|the patient|patients) will need (?:to|someone|somebody|a friend|an adult|a responsible)\b|\b(?:they|we|the team) (?:will |also )?work with (?:you|patients|children|families)\b|"
    r"\b(?:it is|it's) (?:also |usually |generally |often )?(?:recommended|advised|advisable) (?:that|to)\b|"
    r"\b(?:they|we|the doctor|your doctor|the consultant|your consultant) will give you\b|"
    r"\bwill be (?:discussed|explained|talked through|gone through) (?:with you|in advance|before|at your)\b|"
    r"\b(?:should|must) be (?:assessed|discussed|reviewed|considered)(?: and (?:assessed|discussed|reviewed|considered))? "
    r"(?:with|by)\b|\b(?:should|must) be (?:continued|stopped|avoided)\b|"
    r"\bis (?:then |usually |generally |also )?(?:recommended|advised)\.?$|"
    r"\b(?:you will be(?! able)|will be given|on the day|appointment|the procedure (?:is(?! (?:\w+ )?(?:safe|effective|painless|successful|harmless|minimally|well))|"
    r"will(?! (?:most |very )?(?:likely|probably))|takes|"
    r"usually)|we will|"
    r"(?:your|the) (?:care |medical |pain )?(?:doctor|consultant|nurse|specialist|team|psychologist|physiotherapist|therapist|pharmacist|gp|"
    r"prescriber|physician|surgeon|anaesthetist|anesthetist|radiologist|staff|clinician) "
    r"(?:will|has|can|who|injects|uses|places|inserts|gives)|"
    r"\bwe (?:suggest|recommend|advise|ask|plan to|aim to|intend to|would like to|want to)\b|\b\d+ ?(?:mg|mcg|ml)\b|\bdoses? (?:can|may|will|should) be\b|(?:has|have) recommended|it is (?:also |very |really |extremely |especially )?(?:important|essential|vital|crucial) (?:that you|that we|to))\b|"
    r"\byou (?:should|must)(?:n't| not)? (?!feel\b|notice\b|get\b|experience\b|find\b|see\b|have\b|be able\b|begin\b|start\b|"
    r"expect\b)")
#: A label before an instruction or a note ("Important: if you feel ..."), read past.
_LABEL = re.compile(r"^\s*(?:important|note|please note|warning|remember|tip)\s*:\s*", re.IGNORECASE)
#: A clause that states a use or a purpose ("is done to relieve back pain", "a cream used to relieve
#: aches", "can be used together with other painkillers"), or a diagnostic aim ("helps to confirm
#: that ...") or a step of the procedure ("a tool goes into the incision to clean out that ligament and reduce
#: the narrowing"), or a treatment described by what it is not ("a non-invasive alternative for pain relief"):
#: what a treatment is for, not what it achieves.
_PURPOSE = _Caseless(
    r"\b(?:is|are|be|been) (?:\w+ly |often |also |sometimes |mainly |mostly )?"
    r"(?:done|given|used|employed|offered|considered|performed|carried out|prescribed|taught) "
    r"(?:to|for|when|if|in|with|alongside|together|instead|once|after|until|unless|where|as)\b|\b(?:is|are) aimed at\b|"
    r"\bcan be (?:helpful|useful|used) (?:for|in|to)\b|\bused (?:for|in) \w+ing\b|\bcan (?:safely )?be (?:taken|used|given) by\b|"
    r"\b(?:are|is|be) (?:a |an )?(?:good |suitable |possible )?candidates? for\b|"
    r"\b(?:cream|gel|medicine|medication|drug|tablets?|capsules?|patch|device|injection|procedure|treatment|therapy|"
    r"technique|method|intervention|measure|option|approach|modality) "
    r"(?:used|performed|done|given) (?:to|for)\b|"
    r"\bhelps? (?:to )?(?:confirm|diagnose|identify|determine|decide|find out|work out|detect)\b|"
    r"\bto (?:determine|confirm|test|find out|see|check|ensure|make sure|establish) (?:if|whether|the|that)\b|"
    r"\b(?:treatment )?options (?:available )?to (?:reduce|relieve|ease|improve|help|manage)\b|\bdetermines? (?:if|whether)\b|\bwill determine (?:the|whether|if)\b|"
    r"\b(?:treated|targeted|selected|chosen)(?: or (?:treated|targeted|selected|chosen))? for (?:pain )?relief\b|"
    r"\b(?:the|our|its|their) (?:main |primary |overall )?(?:aim|goal|focus|purpose|objective)s? (?:is|are|of|in)\b|"
    # a therapy's approach described ("helps people to live with chronic pain by teaching ways of ...")
    r"\bhelps? (?:people|patients|individuals|you|them)(?: and your (?:doctor|physician|family|team))? (?:to )?(?:live (?:well )?with|cope with|focus|deal with|"
    r"understand|accept|make sense of|change (?:the way|how))\b|"
    r"\b(?:is|are|be) (?:also )?indicated (?:if|when|for|in)\b|"
    r"\b(?:is|are) (?:often |usually |typically |generally |only )?recommended (?:after|when|if|once|for (?:people|patients|those))\b|\bcan (?:also )?be (?:altered|adjusted|changed|tailored|varied|modified)\b|\b\w+ed for (?:the )?(?:relief|treatment|management) of\b|"
    r"\b(?:non-?[a-z]+,? (?:and |or )?){1,3}(?:alternative|option|treatment|approach) (?:for|to)\b|"
    r"\b(?:injected|given|placed|delivered|applied|inserted|injections?|goes|go|passed|guided|numbed|learnt|learned|"
    r"taught|practised|practiced) (?:\w+ ){0,10}?to "
    r"(?:help (?:to )?)?(?:[a-z]+ (?:[\w-]+ ){0,3}?and )?"
    r"(?:relieve|reduce|alleviate|ease|treat|calm|numb|minimi[sz]e|improve|provide (?:\w+ )?relief)\b|"
    # what each ingredient is for, in brackets ("a steroid (to reduce inflammation)")
    r"\(\s?(?:to|for) (?:help )?(?:reduce|relieve|ease|numb|treat|calm|prevent|pain relief)(?: [\w-]+){0,2}\s?\)|"
    # what a treatment concentrates on ("The treatment focuses on relieving pain, reducing inflammation, ...")
    r"\b(?:focus(?:es|ed)?|concentrates?|centred|centered) on (?:[\w-]+ )?[a-z]+ing\b")
_GROUPED = r"(?:grouped|divided|classified|categori[sz]ed|split|sorted) into\b"
#: The classes harms are sorted into ("can be grouped into common, less common and very rare"): the
#: frequency words name the classes, they say nothing about how often.
_GROUPED_CLASSES = re.compile(r"\b" + _GROUPED + r"[^.;:]*", re.IGNORECASE)
#: A disclosure that a treatment has side effects or risks, naming none ("it can cause side
#: effects", "there are risks with this procedure"): it claims nothing about them.
_DISCLOSURE = _Caseless(
    r"\b(?:can|may|could|might) (?:also )?(?:cause|have|get|give you|carry) (?:some |any |the following )?"
    r"(?:side[- ]effects|risks|complications)"
    r"(?! (?:such as|like|including|of|are|is))\b|"
    r"\bthere (?:are|is) (?:some |also )?(?:risks?|side[- ]effects?)(?! (?:such as|like|including|of|are|is))\b|"
    r"\bthere (?:are|is) (?:also )?(?:a |some |a small |a slight )?risks? (?:also )?(?:of|that)\b|"
    r"\b(?:can|may|could|might) (?:also )?(?:lead to|result in) (?:some |unpleasant |unwanted )?"
    r"(?:side[- ]effects|complications)(?! (?:such as|like|including|of|are|is))\b|"
    r"\bside[- ]effects?(?: of (?:the |a |an |this |your )?\w+(?: \w+)?)? (?:are|include|includes|can include|may include)\b|"
    r"\b(?:risks?|complications?) (?:include|includes|can include|may include)\b|"
    r"\b(?:side[- ]effects?|risks|complications)\s?:|"
    r"\b(?:carry|carries|involves?|has|have) (?:a |some |an? (?:small |slight )?)?(?:associated |potential |possible )?"
    r"risks?(?: of (?:unwanted |serious |possible )?(?:complications|side[- ]effects))?(?! (?:such as|like|including|of|are|is))\b|"
    r"\b(?:risks|side[- ]effects|complications) (?:[\w-]+ ){0,4}?(?:can be|are|may be) " + _GROUPED)
#: Harms named as a list's label ("Rare side effects: allergy ..."): the frequency word sorts the
#: list, it is no claim about how often.
_LISTED_HARMS = re.compile(
    r"\b(?:(?:very |more |less )?(?:rare|uncommon|common|serious|other|possible) )?(?:(?:and|or) \w+ )?"
    r"(?:side[- ]effects?|risks|complications)\s?:",
    re.IGNORECASE)
#: How often: a disclosure that gives a frequency ("common side effects include ...") states one.
_FREQUENCY = _Caseless(r"\b(?:common|commonly|uncommon|rare|rarely|usual|usually|often|most|frequent|frequently|minimal|"
                       r"negligible)\b")
#: The reader's own history ("you have had significant pain relief from this treatment"): it
#: describes the patient, and claims nothing about the treatment.
_HISTORY = _Caseless(r"^(?!if\b).*?\byou(?:'ve| have)? (?:and your \w+ )?(?:already )?(?:had|tried|think that|thought that)\b")
#: The clinician's own procedure ("usually I give one injection each week", "I use a solution of 50%
#: dextrose"): outside an efficacy statement, its figures say what is done, not what a treatment achieves
#: (case-sensitive: the pronoun "I").
_OWN_PROCEDURE = re.compile(r"\bI (?:\w+ly )?(?:use|give|inject|perform|repeat|place|insert|administer|recommend)\b")
#: One patient's story told by the clinician ("I've had a strong man who ... was successfully treated"):
#: an anecdote, not a claim about patients in general.
_ANECDOTE = re.compile(r"^(?:I|we)(?:'ve| have)? (?:(?:had|treated|seen|saw) (?:a|an|one) |worked with )", re.IGNORECASE)
#: What follows once the anaesthetic wears off ("when this wears off, you will have increased pain and it
#: may last for a day or two"): outside a clinical statement, its duration is the procedure's aftermath.
_AFTERMATH = _Caseless(r"\b(?:when|once|after|as) (?:this|it|that|the \w+) (?:wears|has worn|wore) off\b")
#: A general opening that counts ways or kinds ("There are lots of ways that your body helps ..."):
#: background, not a claim about a treatment.
_EXISTENTIAL = _Caseless(r"^there (?:are|is) (?:lots of|many|several|various|a (?:wide |broad )?(?:number|range|variety) of|a few|some) "
                         r"(?:different |simple |easy |practical )?(?:ways|reasons|types|kinds|causes|things|factors)\b")
#: A purpose that promises an outcome beyond the treatment's use ("to help patients recover faster and
#: more effectively"): a claim of benefit, in the clinic's own voice too.
_PROMISE = _Caseless(
    r"\bto help (?:\w+ ){0,3}(?:recover|heal|get back|return|get better) (?:\w+ ){0,4}?"
    r"(?:faster|quicker|sooner|more (?:quickly|effectively|fully))\b|"
    # the result a purpose promises ("is to stabilise the vertebral body, which will in turn alleviate pain")
    r"\bwhich will (?:in turn |then |also |therefore )?(?:alleviate|relieve|reduce|ease|improve|eliminate|cure|stop) "
    r"(?:the |your )?(?:pain|symptoms)\b")
_LEAD_IN_SHOWN = 60
"""How much of a list's lead-in a judgement's reason quotes."""
#: A list's lead-in that says what a treatment aims at or whom it is for ("The injection aims to:",
#: "... for the following conditions:", "... if you have:"): its items are aims or conditions.
_AIM_LEAD_IN = _Caseless(
    r"\b(?:aims? to|(?:is|are|can be) used (?:to|for)|(?:suitable|recommended|offered|considered) (?:for|if|when)|"
    r"if you|following conditions?|conditions? (?:such as|like|including))\b")
#: "X is a method of pain relief", "success is measured by", "epidurals are used for": what a treatment
#: (or a measure) is, however it is worded.
_DEFINITION = _Caseless(
    r"\b(?:is|are) (?:a|an|one) (?:[\w-]+,? ){0,3}?(?:method|treatment|procedure|device|medicine|medication|therapy|"
    r"injection|form|type|group|kind|way)s? (?:of|for|that|which|used|in|where|whereby)\b|"
    r"\b(?:is|are) (?:measured|defined|judged) (?:by|as)\b|\b(?:is|are) used (?:mainly |mostly )?(?:for|in)\b|"
    r"\b(?:is|are) (?:(?:a|an) )?(?:[\w-]+ ){0,2}?(?:procedures?|treatments?|injections?|techniques?) (?:that|which) "
    r"involves?\b|\binvolves [a-z]+ing\b|^also (?:called|known as)\b|"
    r"\b(?:is|are) (?:a|an) (?:[\w-]+ ){0,2}?(?:condition|disorder|disease|syndrome)s? (?:with|of|that|which|in which|where|"
    r"characteri[sz]ed|caused|affecting)\b")
#: A list's lead-in that announces harms: an item under it ("reduced ability to fight infection") is a harm listed.
_RISKS_LEAD_IN = _Caseless(r"\b(?:risks?|side[- ]effects?|complications?|adverse (?:effects|reactions))\b|"
                           # a medicine leaflet's frequency band ("(may affect more than 1 in 10 patients):")
                           r"\bmay affect (?:more than |up to |fewer than |less than )?(?:\d|one)")
#: Words that reassure about a harm ("This is temporary and should resolve within a few hours"): an item with them
#: under a lead-in announcing risks is a claim about the harm, not one more harm listed ("Dizziness (increased risk
#: of falls)").
_REASSURES = _Caseless(r"\b(?:temporary|resolves?|settles?|wears? off|pass(?:es)?|go(?:es)? away|rare(?:ly)?|uncommon|mild|"
                       r"minor|safe(?:ly)?|short[- ]lived|unlikely|recover(?:s|ed)?|(?:small|low|slight) (?:risk|chance)|"
                       r"no (?:problems|complications|side[- ]effects))\b")
#: A list's lead-in that announces benefits: the items under it are the benefits claimed.
_BENEFITS_LEAD_IN = _Caseless(r"\b(?:benefits?|advantages?)\b")
#: An item that says what the clinician does ("Prescribes appropriate stretches ...", "Provides
#: preventative strategies ..."): the service described, unless what it provides is the effect.
_SERVICE_ITEM = _Caseless(r"^(?:prescribes?|teach(?:es)?|educates?|develops?|designs?|creates?|assess(?:es)?|evaluates?|performs?|"
                          r"provides?|offers?|identify|identifies|guides?)\s(?!(?:[\w-]+\s){0,2}?(?:relief|pain relief|benefits?|results?|"
                          r"improvements?)\b)")


def announces_benefits(lead_in: str) -> bool:
    """Whether a list's lead-in announces benefits ("Benefits of interferential include:"): each item
    under it, however short, is a benefit claimed."""
    return _BENEFITS_LEAD_IN.search(lead_in) is not None


_CLINICAL_KINDS = frozenset({ClaimKind.EFFICACY, ClaimKind.SAFETY, ClaimKind.CONTRAINDICATION})


@dataclass(frozen=True)
class Judgement:
    """What an unsourced sentence is, and how much its missing source matters.

    ``severity`` None: nothing to report (page furniture, or a general statement: background, a
    definition, the service's own text). ``reason``: why, in an editor's words.
    """

    kind: ClaimKind
    severity: Severity | None
    reason: str
    prose: bool = True
    """False for page furniture: not a statement of the article at all (nothing to draft)."""


def judge_sentence(sentence: str, publisher: str | None = None, kind: ClaimKind | None = None,
                   lead_in: str | None = None) -> Judgement:
    """How an editor weighs ``sentence`` stated without a source (``kind``: its recorded kind, if any;
    ``lead_in``: the lead-in of the list it is an item of, if any).

    - page furniture (navigation, notices, bylines, "the guide below ...") is not judged (severity None);
    - a number, percentage, success rate, frequency, duration of relief, or appeal to evidence
      ("studies show", "in the literature") is a warning, an error when it is about the
      treatment's effect (an efficacy statement);
    - an efficacy, safety or contraindication statement stated as fact is a warning;
    - a mechanism explained, and a clinical statement that promises nothing (hedged with
      may/might/could, negated, a condition, a use or purpose, a bare disclosure that side effects
      exist, the reader's own history, a list's lead-in or an item under a lead-in that states an
      aim or whom the treatment is for, an instruction, a definition) is info;
    - background, definitions and the service's own text are not reported (severity None).

    >>> judge_sentence("Success rates vary from 60%-80% in the literature.").severity.value
    'error'
    >>> judge_sentence("It works by dampening down nerve signals.").severity.value
    'info'
    >>> judge_sentence("Chronic pain affects quality of life.").severity is None
    True
    """
    if _FURNITURE.search(sentence):
        return Judgement(kind or ClaimKind.BACKGROUND, None, "page furniture", prose=False)
    sentence = sentence.replace("\u2019", "'")  # a typographic apostrophe reads as a plain one ("shouldn’t")
    if _TESTIMONIAL.search(sentence):
        return Judgement(kind or ClaimKind.BACKGROUND, Severity.INFO, "a patient's own words")
    kind = kind or propose_kind(sentence, publisher)
    if lead_in is not None:
        judged = judge_sentence(sentence, publisher, kind)
        # An item under a lead-in that states an aim or whom the treatment is for, or an item that
        # only names something ("Reduction in muscle spasms": no verb, no figure), is read with its
        # lead-in: it asserts nothing by itself. Under a lead-in that announces benefits ("Other
        # benefits include:"), each item named is one of the benefits claimed.
        named = judged.reason.endswith(" statement") and not _VERB.search(sentence) \
            and not _INTENSIFIED.search(sentence) and not announces_benefits(lead_in)
        listed_harm = judged.reason == "efficacy statement" or (
            judged.reason == "safety statement" and not _REASSURES.search(sentence))
        if judged.severity in (Severity.WARNING, Severity.ERROR) and listed_harm \
                and _RISKS_LEAD_IN.search(lead_in) and not announces_benefits(lead_in):
            return Judgement(judged.kind, Severity.INFO, "harm listed under a lead-in that announces risks")
        if judged.severity in (Severity.WARNING, Severity.ERROR) and (named or _AIM_LEAD_IN.search(lead_in)):
            shown = lead_in.strip()
            shown = shown if len(shown) <= _LEAD_IN_SHOWN else shown[:_LEAD_IN_SHOWN - 1] + "\u2026"
            what = "item named" if named and not _AIM_LEAD_IN.search(lead_in) else "aim or condition listed"
            return Judgement(judged.kind, Severity.INFO, f"{what} under \u2018{shown}\u2019")
        return judged
    if _DEFINES.search(sentence) or (_THRESHOLD.search(sentence) and not _EFFECT_NAMED.search(sentence)):
        return Judgement(kind, None, "definition")
    if names_study(sentence):
        return Judgement(kind, Severity.INFO, "study named by year and journal, by journal or by authors, without a marker")
    if _HISTORICAL.search(sentence) and not _STATISTIC.search(sentence) and not _RESULT_APPEAL.search(sentence):
        return Judgement(kind, Severity.INFO, "historical aside")
    if _NO_RESULT.search(sentence) and not _RESULT_APPEAL.search(sentence):
        return Judgement(kind, Severity.INFO, "research mentioned without a result")
    if _SOURCE_POINTER.search(sentence):
        return Judgement(kind, Severity.INFO, "points the reader to the product's leaflet")
    if _ABSOLUTE.search(sentence) and not sentence.lstrip().lower().startswith("if ") \
            and not _INSTRUCTION.search(sentence) and not _ABSOLUTE_DENIED.search(sentence):
        return Judgement(kind if kind in _CLINICAL_KINDS else ClaimKind.EFFICACY, Severity.WARNING,
                         "absolute statement")
    if _PROMISE.search(sentence) and not _DOUBT.search(sentence):
        return Judgement(ClaimKind.EFFICACY, Severity.WARNING, "promised outcome")
    directive = (";" not in sentence and any(_DIRECTIVE.search(part.strip()) for part in _opening_parts(sentence))) \
        or _DOSE_CHANGE.search(sentence) is not None \
        or (kind is not ClaimKind.EFFICACY and _OWN_PROCEDURE.search(sentence) is not None)
    figures = _SCHEDULE.pattern.sub(" ", sentence.lower())  # what the figures below may be read in, lower-cased
    duration = _DURATION.search(figures) is not None and (
        kind in _CLINICAL_KINDS or not _AFTERMATH.search(figures))
    statistic = not directive and not _LIMIT.search(sentence) and (_STATISTIC.search(figures) is not None or duration or (
        _SUCCESS_RATE.search(figures) is not None and _DIGIT.search(figures) is not None) or (
        kind is ClaimKind.EFFICACY and not _INSTRUCTION.search(sentence) and (
            _EFFECT_STATISTIC.search(figures) is not None
            or (_SHARE.search(figures) is not None and not _MODAL_DOUBT.search(sentence)))) or (
        _TIME_COURSE.search(figures) is not None and _TIME_FIGURE.search(figures) is not None
        and not _AFTERMATH.search(figures)))
    if statistic or (not directive and (_APPEAL.search(sentence) or _AUTHORITY.search(sentence))):
        what = "statistic" if statistic else "appeal to evidence"
        if kind is ClaimKind.EFFICACY:
            return Judgement(kind, Severity.ERROR, f"efficacy {what}")
        return Judgement(kind, Severity.WARNING, what)
    if kind in _CLINICAL_KINDS and not _general(sentence):
        return Judgement(kind, Severity.WARNING, f"{kind.value} statement")
    if kind in _CLINICAL_KINDS or kind is ClaimKind.MECHANISM:
        return Judgement(kind, Severity.INFO, f"hedged or explanatory {kind.value} statement")
    return Judgement(kind, None, "general statement")


def _opening_parts(sentence: str) -> tuple[str, ...]:
    """The sentence without a leading label, and (after an opening condition, "If it helps, ...") its
    main clause: where an instruction would open."""
    text = _LABEL.sub("", sentence.strip())
    condition, comma, main = text.partition(",")
    return (text, main) if comma and condition.lower().startswith(("if ", "when ", "once ")) else (text,)


def _general(sentence: str) -> bool:
    """Whether a sentence with a clinical cue still promises nothing: a list's lead-in, an
    instruction, a definition, or a statement hedged before its cue."""
    text = _LABEL.sub("", sentence.strip())
    if (text.lower().endswith("the following.") or _INSTRUCTION.search(text) or (_PURPOSE_SENTENCE.search(text) and not _NEGATED_HARM.search(text))
            or _WAYS_LEAD_IN.search(text)
            or (_DEFINITION.search(text) and not _DEFINED_EFFECT.search(text) and not _EVALUATIVE.search(text)
                and not _NEGATED_HARM.search(text) and not _INTENSIFIED.search(text)) or _WORSE_WHEN.search(text)
            or _HISTORY.search(text) or _ENUMERATION.search(text)
            or _OWN_PROCEDURE.search(text) or _ANECDOTE.search(text) or _EXISTENTIAL.search(text)
            or _SERVICE_ITEM.search(text)):
        return True
    # Each clause stands on its own: "Whilst it does not cure pain, it can reduce it" still promises.
    # A list's lead-in ("... you may experience the following:"), a condition ("if the relief was
    # good"), a purpose ("to minimise ...", "for longer-term relief, ..."), a use, and a disclosure
    # of side effects that gives no frequency assert nothing by themselves.
    head, _, last = text.rpartition(";")
    if last.rstrip().endswith(":") and not _CLAIMED_LEAD_IN.search(last):
        text = head  # the lead-in of a list ("..., including:") states nothing itself
    clauses: list[list[str]] = []
    pending: list[str] = []  # a short opening clause ("Very rarely,") joins the clause after it
    disclosing = False  # the last clause discloses harms: a clause without a verb lists on
    for clause in _CLAUSE.split(text):
        if len(clause.split()) < _SHORT_CLAUSE or (disclosing and (not _VERB.search(clause) or len(clause.split()) <= _LISTED_WORDS)) \
                or (clauses and (_PARTICIPLE_OPENING.search(clause) or _VERB_OPENING.search(clause)
                                 or _INFINITIVE_OPENING.search(clause))):
            (clauses[-1] if clauses else pending).append(clause)  # "there are risks, side effects and ..."
            continue
        opening = _JOINING.sub("", " ".join(pending).strip().lower())
        # A short condition ("Once confirmed,", "If so,") sets when the claim applies; the claim is still made.
        clauses.append([clause] if pending and opening.startswith(_CONDITION_OPENINGS) else [*pending, clause])
        disclosing = _DISCLOSURE.search(" ".join(clauses[-1])) is not None
        pending = []
    if pending:
        clauses.append(pending)
    return not any(_asserts(" ".join(parts)) for parts in clauses)


def _asserts(clause: str) -> bool:
    """Whether one clause states a clinical claim as fact."""
    opening = _JOINING.sub("", clause.lstrip().lower())
    softened = (_HEDGE.search(clause) is not None and not _NEGATED_HARM.search(clause)) \
        or _ACTION_CAN.search(opening) is not None or _HOW_CAN.search(clause) is not None \
        or _ACTS_TO.search(clause) is not None or _ABSOLUTE_DENIED.search(clause) is not None
    hedged = softened and not (_INTENSIFIED.search(clause) and not _DOUBT.search(clause))
    kind = _cued_kind(clause)[0]
    return (kind in _CLINICAL_KINDS and not hedged
            and not (clause.rstrip().endswith(":") and not _CLAIMED_LEAD_IN.search(clause))
            and not (opening.startswith(_CONDITION_OPENINGS) and not opening.startswith(_SHARE_OPENINGS))
            and not _WISH.search(opening)
            and not _PURPOSE.search(clause)
            and not (_DISCLOSURE.search(clause)
                     and not _FREQUENCY.search(_LISTED_HARMS.sub(" ", _GROUPED_CLASSES.sub(" ", clause)))))


def propose_facets(sentence: str, vocabulary: Vocabulary) -> dict[str, object]:
    """Vocabulary ids the sentence names, by label or synonym, as claim fields (narrowest wins)."""
    fields: dict[str, object] = {}
    for claim_facet in FACETS:
        facet = claim_facet.vocabulary
        terms = vocabulary.terms(facet)
        found = _outside_longer_names(sentence, mentioned_terms(sentence, terms.values()), terms)
        # A broader term named only as part of a narrower one ("ketamine" in "ketamine infusion").
        narrowest = sorted(vocabulary.narrowest(facet, found))
        # A group heading ("nerve blocks") yields to a specific term named beside it.
        narrowest = [t for t in narrowest if not terms[t].group] or narrowest
        if narrowest:  # a one-value facet takes the first
            fields[claim_facet.attribute] = narrowest if claim_facet.many else narrowest[0]
    return fields


def _outside_longer_names(sentence: str, found: set[str], terms: Mapping[str, Term]) -> set[str]:
    """``found`` without the terms named only inside a longer name of another found term: "joint
    injections" in "sacroiliac joint injections" names the sacroiliac joint injection, not a
    second term, whatever the hierarchy says. A term whose name is not located word for word
    (the matcher folds more) is kept. Costs the sentence's words times the found names."""
    words = _NAME_WORDS.findall(sentence.casefold())
    names = sorted(((tuple(_NAME_WORDS.findall(n.casefold())), t) for t in found for n in terms[t].names),
                   key=lambda pair: -len(pair[0]))
    covered = [False] * len(words)
    located: set[str] = set()
    kept: set[str] = set()
    for name, term in names:
        size = len(name)
        if not size:
            continue
        for start in range(len(words) - size + 1):
            if words[start] == name[0] and tuple(words[start:start + size]) == name:
                located.add(term)
                if not any(covered[start:start + size]):
                    kept.add(term)
                    covered[start:start + size] = [True] * size
    return {t for t in found if t in kept or t not in located}
