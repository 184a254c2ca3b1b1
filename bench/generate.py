"""A seeded generator of large, realistic knowledge bases for the benchmark.

``generate(folder, sources=20_000, claims=100_000, seed=0)`` writes ``claims.json`` and
``references.bib`` that :func:`kevidence.load` accepts. About a third of titles, journals and
names carry LaTeX (accents, escapes, ``--`` ranges, math); claims have 0-3 citations, facets
from the built-in vocabulary, relief phrases, evidence levels, ``derived_from`` chains and
some suppressions. Identifiers are synthetic (DOIs use the ``10.5555`` example prefix) and
never meant to resolve. The same arguments always write the same bytes.

``varied=True`` (``--varied``) adds the rarer shapes each audit rule looks for: populations,
claims drafted from an article awaiting review, a pair of claims drawn from each other in
every thousand, entries no claim cites, fields marked unverified, ISBNs, and suppressions of
several rules (one naming no rule). Without it the output is what it always was.

Command line: ``python -m bench.generate DIR [--sources N] [--claims M] [--seed S] [--varied]``.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kevidence.claims.model import ClaimKind, Setting, Stance
from kevidence.claims.vocabulary import (
    BUILTIN_CONDITIONS,
    BUILTIN_INTERVENTIONS,
    BUILTIN_PAIN_TYPES,
    BUILTIN_POPULATIONS,
)
from kevidence.sources.evidence import GradeCertainty, StudyDesign

DEFAULT_SOURCES = 20_000
DEFAULT_CLAIMS = 100_000

# Plain and LaTeX-written spellings of the same kinds of name; about a third are LaTeX.
_FAMILIES_PLAIN = (
    "Smith", "Jones", "Chen", "Wang", "Patel", "Kim", "Nguyen", "Brown", "Taylor", "Wilson",
    "Maher", "Allen", "Orhurhu", "Sigtermans", "Schwartzman", "Cohen", "Rossi", "Kowalski",
    "Okafor", "Haddad", "Lindqvist", "Tanaka", "O'Brien", "van der Berg", "de la Cruz",
)
_FAMILIES_LATEX = (
    r"M{\"u}ller", r"Garc{\'\i}a", r"{\v{C}}apek", r"Sch{\"o}n", r"Jos{\'e}", r"Br{\aa}ten",
    r"{\O}stergaard", r"Nu{\~n}ez", r"Fran{\c{c}}ois", r"Dvo{\v{r}}{\'a}k", r"Gro{\ss}",
    r"L{\'o}pez", r"{\L}ukasz", r"Erd{\H{o}}s", r"{\'A}lvarez", r"Ko{\c{c}}",
)
_GIVEN = ("A.", "B. C.", "D. P.", "L.", "J.", "Maria", "Wei", "Anna-Lena", "R. J.", "S.", "Yuki")
_GIVEN_LATEX = (r"Ren{\'e}", r"J{\"o}rg", r"Fran{\c c}oise", r"Ma{\l}gorzata", r"{\'E}milie")
_CORPORATE = ("{Stanford Health Care}", "{National Health Service}", r"{Agence fran{\c{c}}aise du m{\'e}dicament}")

_TOPICS = (
    "ketamine infusion", "intravenous lidocaine", "complex regional pain syndrome",
    "neuropathic pain", "fibromyalgia", "chronic low back pain", "NMDA receptor antagonists",
    "opioid-sparing analgesia", "central sensitisation", "phantom limb pain", "migraine",
)
_PLAIN_TITLES = (
    "Efficacy of {t} in adults: a randomised controlled trial",
    "{T} for chronic pain: a systematic review and meta-analysis",
    "Long-term outcomes of {t}",
    "Safety and tolerability of {t} in an outpatient setting",
    "A cohort study of {t} in refractory cases",
    "Mechanisms of {t}: a narrative review",
)
_LATEX_TITLES = (
    r"{T} in {{CRPS}}: effects at 4--12 weeks",
    r"Low-dose {t} \& physiotherapy---a pilot study",
    r"Dose--response of {t} ($n = 120$, $p < 0.05$)",
    r"{T}: {\"o}sterreichische Erfahrungen",
    r"$\alpha_2$-agonists and {t}: a comparison",
    r"{T} reduced pain by 30\% in {\'e}tude multicentrique",
    r"Role of the {NMDA} receptor in {t} \textendash{} a review",
    r"{T} -- {\em a critical appraisal}",
)
_JOURNALS_PLAIN = (
    "Anesthesia and Analgesia", "Pain", "Pain Medicine", "British Journal of Anaesthesia",
    "Journal of Pain Research", "Pain Management Nursing", "The Lancet Neurology",
    "Regional Anesthesia and Pain Medicine", "European Journal of Pain",
)
_JOURNALS_LATEX = (
    r"Anesthesia \& Analgesia", r"Der Schmerz: Zeitschrift f{\"u}r Schmerzmedizin",
    r"Revista Espa{\~n}ola de Anestesiolog{\'\i}a", r"Douleur et Analg{\'e}sie",
    r"Acta Anaesthesiologica Scandinavica {\&} Nordica",
)
_DESIGNS = tuple(d.value for d in StudyDesign)
_RELIEF = (
    "several weeks", "two weeks", "several months in some cases", "short-term", "up to 2 weeks",
    "about 3 months", "a few days", "long-term", "immediate and long continued", "4 to 6 weeks",
    "at least 6 months", "many months",
)
_SECTIONS = ("Introduction", "How does it work?", "Who can benefit?", "Side effects", "Results")
_STATEMENTS = (
    "{i} relieves {c} for {r}.",
    "{i} is considered for patients with {c} when other treatments have failed.",
    "Adverse effects of {i} in {c} are usually mild and short-lived.",
    "{i} acts on NMDA receptors involved in {c}.",
    "Patients with {c} should not receive {i} without assessment.",
)


@dataclass(frozen=True)
class GeneratedBase:
    """Where a generated base was written, and its size."""

    folder: Path
    claims_path: Path
    bib_path: Path
    sources: int
    claims: int


def _latex(rng: random.Random) -> bool:
    return rng.random() < 1 / 3


def _person(rng: random.Random) -> str:
    latex = _latex(rng)
    family = rng.choice(_FAMILIES_LATEX if latex else _FAMILIES_PLAIN)
    given = rng.choice(_GIVEN_LATEX if latex and rng.random() < 0.5 else _GIVEN)
    if rng.random() < 0.05:
        return f"{family}, Jr., {given}"
    return f"{family}, {given}" if rng.random() < 0.8 else f"{given} {family}"


def _authors(rng: random.Random) -> str:
    if rng.random() < 0.03:
        return rng.choice(_CORPORATE)
    return " and ".join(_person(rng) for _ in range(rng.randint(1, 6)))


def _title(rng: random.Random) -> str:
    topic = rng.choice(_TOPICS)
    pattern = rng.choice(_LATEX_TITLES if _latex(rng) else _PLAIN_TITLES)
    return pattern.replace("{t}", topic).replace("{T}", topic[0].upper() + topic[1:])


# Rules a varied base's claims suppress now and then (the last names no rule: a typo).
_SUPPRESSED = ("single-source", "KE009", "weak-support", "KE021", "contradicted-claim", "KE014",
               "proposed-claim", "dangling-citation", "KE008", "no-such-rule")


def bib_entry(rng: random.Random, index: int, keys: list[str], varied: bool = False) -> tuple[str, str]:
    """One BibTeX entry (key, text); ``keys`` are the keys written before it."""
    family = rng.choice(_FAMILIES_PLAIN).lower().replace("'", "").replace(" ", "")
    year = rng.randint(1985, 2024)
    key = f"{family}{year}n{index}"
    fields: list[tuple[str, str]] = [
        ("author", _authors(rng)),
        ("title", _title(rng)),
    ]
    kind = "article" if rng.random() < 0.9 else rng.choice(("book", "online", "inproceedings"))
    container = rng.choice(_JOURNALS_LATEX if _latex(rng) else _JOURNALS_PLAIN)
    fields.append(("booktitle" if kind == "inproceedings" else "publisher" if kind == "book" else "journal", container))
    fields.append(("year", str(year)))
    if kind == "article":
        first = rng.randint(1, 900)
        fields += [("volume", str(rng.randint(1, 160))), ("number", str(rng.randint(1, 12))),
                   ("pages", f"{first}--{first + rng.randint(3, 20)}")]
    if rng.random() < 0.8:
        fields.append(("doi", f"10.5555/kevidence-bench.{index}"))
    if rng.random() < 0.4:
        fields.append(("pmid", str(10_000_000 + index)))
    if kind == "online":
        fields.append(("url", f"https://example.org/bench/{index}"))
    if rng.random() < 0.85:
        fields.append(("studydesign", rng.choice(_DESIGNS)))
    if keys and rng.random() < 0.3:
        cited = sorted({rng.choice(keys) for _ in range(rng.randint(1, 4))})
        fields.append(("cites", ", ".join(cited)))
    if rng.random() < 0.5:
        fields.append(("verified", "author, title, year"))
    if rng.random() < 0.1:
        fields.append(("keywords", r"ketamine; pain; {\"O}dem"))
    if varied:
        if rng.random() < 0.1:
            fields.append(("unverified", rng.choice(("studydesign", "doi", "journal, year"))))
        if kind == "book" and rng.random() < 0.5:
            fields.append(("isbn", f"978-0-00-{index:06d}-0"))
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return key, f"@{kind}{{{key},\n{body}\n}}\n"


def claim_record(rng: random.Random, index: int, keys: list[str], document: str,
                 varied: bool = False) -> dict[str, Any]:
    """One claim as written in claims.json (``index`` > 0 claims may derive from earlier ones)."""
    intervention = rng.choice(BUILTIN_INTERVENTIONS).id
    conditions = sorted({rng.choice(BUILTIN_CONDITIONS).id for _ in range(rng.choice((0, 1, 1, 2)))})
    pain_types = sorted({rng.choice(BUILTIN_PAIN_TYPES).id for _ in range(rng.choice((0, 1, 1, 2)))})
    relief = rng.choice(_RELIEF) if rng.random() < 0.4 else None
    statement = rng.choice(_STATEMENTS).format(
        i=intervention.replace("-", " ").capitalize(), c=(conditions or ["chronic pain"])[0].replace("-", " "),
        r=relief or "some time",
    )
    record: dict[str, Any] = {
        "id": f"claim-{index}",
        "statement": statement,
        "kind": rng.choice([k.value for k in ClaimKind]),
        "intervention": intervention,
    }
    if pain_types:
        record["pain_types"] = pain_types
    if conditions:
        record["conditions"] = conditions
    if relief is not None:
        record["relief"] = relief if rng.random() < 0.8 else {"text": relief, "approximate": True}
    if rng.random() < 0.3:
        evidence: dict[str, Any] = {"level": rng.randint(1, 5)}
        if rng.random() < 0.5:
            evidence["grade"] = rng.choice([g.value for g in GradeCertainty])
        record["evidence"] = evidence
    if rng.random() < 0.2:
        record["setting"] = rng.choice([s.value for s in Setting])
    citations = []
    for key in sorted({rng.choice(keys) for _ in range(rng.randint(0, 3))} if keys else ()):
        citation: dict[str, Any] = {"source": key}
        if rng.random() < 0.15:
            citation["stance"] = rng.choice([s.value for s in Stance])
        if rng.random() < 0.3:
            citation["locator"] = f"p. {rng.randint(1, 900)}"
        if rng.random() < 0.1:
            citation["quote"] = "pain scores fell during the follow-up"
        if rng.random() < 0.5:
            citation["attribution"] = rng.choice(("verified", "unverified", "unchecked"))
        citations.append(citation)
    if rng.random() < 0.005:
        # A dangling citation now and then, so that the audit has something to say.
        citations.append({"source": f"missing{index}"})
    if citations:
        record["citations"] = citations
    if index > 0 and rng.random() < 0.2:
        # Chains: mostly the previous claim, sometimes one further back.
        parent = index - 1 if rng.random() < 0.7 else rng.randrange(index)
        record["derived_from"] = [f"claim-{parent}"]
    record["stated_in"] = [{"document": document, "section": rng.choice(_SECTIONS),
                            "markers": [f"[{rng.randint(1, 9)}]"]}]
    if not citations and rng.random() < 0.2:
        record["suppressions"] = [{"rule": "unsourced-claim", "reason": "common knowledge in this service"}]
    if varied:
        _vary(rng, index, record)
    return record


def _vary(rng: random.Random, index: int, record: dict[str, Any]) -> None:
    """The rarer shapes of a varied base, added to one claim."""
    if rng.random() < 0.2:
        record["populations"] = sorted({rng.choice(BUILTIN_POPULATIONS).id for _ in range(rng.randint(1, 2))})
    if rng.random() < 0.03:
        record["review"] = "proposed"
    if index % 1000 == 500:  # drawn from the next claim, which is drawn from this one: a cycle
        record["derived_from"] = [f"claim-{index + 1}"]
    elif index % 1000 == 501:
        record["derived_from"] = [f"claim-{index - 1}"]
    if record.get("citations") and rng.random() < 0.05:
        record["suppressions"] = [{"rule": rng.choice(_SUPPRESSED), "reason": "accepted by the editors"}]


def generate(
    folder: str | Path,
    sources: int = DEFAULT_SOURCES,
    claims: int = DEFAULT_CLAIMS,
    seed: int = 0,
    varied: bool = False,
) -> GeneratedBase:
    """Write ``claims.json`` and ``references.bib`` of the given sizes into ``folder``
    (``varied``: with the rarer shapes, see the module's docstring)."""
    if sources < 0 or claims < 0:
        raise ValueError("sizes must not be negative")
    rng = random.Random(seed)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    keys: list[str] = []
    blocks = ["% Generated by bench/generate.py: synthetic entries for benchmarks only.\n"]
    for index in range(sources):
        key, text = bib_entry(rng, index, keys, varied)
        keys.append(key)
        blocks.append(text)
    bib_path = out / "references.bib"
    bib_path.write_text("\n".join(blocks), encoding="utf-8")

    documents = [{"id": f"article-{n}", "title": f"Patient article {n}"} for n in range(max(1, claims // 500))]
    # A varied base's last entries (one in fifty) are cited by no claim.
    citable = keys[: len(keys) - len(keys) // 50] if varied else keys
    records = [claim_record(rng, index, citable, rng.choice(documents)["id"], varied) for index in range(claims)]
    payload = {"documents": documents, "claims": records}
    claims_path = out / "claims.json"
    claims_path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return GeneratedBase(out, claims_path, bib_path, sources, claims)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sources", type=int, default=DEFAULT_SOURCES)
    parser.add_argument("--claims", type=int, default=DEFAULT_CLAIMS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--varied", action="store_true", help="add the rarer shapes each audit rule looks for")
    args = parser.parse_args(argv)
    base = generate(args.folder, args.sources, args.claims, args.seed, args.varied)
    print(f"wrote {base.sources} sources to {base.bib_path} and {base.claims} claims to {base.claims_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
