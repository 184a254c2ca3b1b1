"""The documented queries over the exports: SPARQL over the RDF, SQL over the Parquet tables.

The SPARQL queries read the union of all graphs as the default graph: Oxigraph with
``use_default_graph_as_union=True``, Virtuoso and QLever by default. Each takes the base IRI
of the export (the ``rule:`` namespace depends on it; ``kev:`` is the same for every base).
Their answers equal kevidence's own: :func:`about` the claims of ``kb.query`` for a facet's
term and every narrower one, :data:`UNSOURCED` the claims of audit rule KE001 (unsourced-claim),
:data:`RESTING_ON_RETRACTED` the claims of KE014 (retracted-source; export with
``retractions=``), :func:`rests_on` the sources of :mod:`kevidence.graph.support`.
:data:`CONTRADICTED_BY_STRONGER` finds claims a source contradicts whose design supports a
stronger CEBM level than the best supporting source reached.

The SQL reads the Parquet tables as views named as the files (:data:`TABLES`), and runs
unchanged in DuckDB and in Spark SQL (4.1 and later): :data:`RESTS_ON` the sources of one
claim, :data:`AUDIT_SQL` the findings of each audit rule SQL can reproduce (:data:`NOT_IN_SQL`
says why the others cannot be).
"""

from __future__ import annotations

from kevidence.claims.facets import FACETS
from kevidence.errors import QueryError
from kevidence.export.nquads import literal_text
from kevidence.export.rdf import Scheme


def prologue(base: str) -> str:
    """The PREFIX lines of the queries for an export under ``base``."""
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in Scheme(base).prefixes().items())


def about(facet: str, term_id: str) -> str:
    """The claims about a term of a facet (``condition``, ``pain_type``...) or any narrower
    term, as ``kb.query(condition=term_id)`` finds them: ``skos:broader*`` walks down the
    vocabulary exported with the claims.

    >>> print(about("condition", "chronic-neuropathic-pain"))
    # Claims about a condition or any narrower one, as kb.query(condition="chronic-neuropathic-pain").
    SELECT DISTINCT ?claim WHERE {
      ?claim kev:condition/skos:broader* ?term .
      ?term skos:notation "chronic-neuropathic-pain" .
    }
    """
    chosen = next((f for f in FACETS if facet in (f.name, f.slug, f.rdf_name)), None)
    if chosen is None:
        raise QueryError(f"no facet {facet!r}; facets: {', '.join(f.name for f in FACETS)}")
    written = literal_text(term_id)
    return f"""\
# Claims about a {chosen.label} or any narrower one, as kb.query({chosen.name}={written}).
SELECT DISTINCT ?claim WHERE {{
  ?claim kev:{chosen.rdf_name}/skos:broader* ?term .
  ?term skos:notation {written} .
}}"""


UNSOURCED = """\
# Claims that cite no source (audit rule KE001), unless the claim suppresses the rule.
SELECT ?claim WHERE {
  ?claim a obo:SEPIO_0000001 .
  FILTER NOT EXISTS { ?claim cito:citesAsEvidence|cito:disagreesWith|cito:citesForInformation ?source }
  FILTER NOT EXISTS { ?np dct:subject ?claim ; kev:suppresses rule:KE001 }
}"""

RESTING_ON_RETRACTED = """\
# Claims citing a retracted source, and claims drawn from those at any depth (KE014).
SELECT DISTINCT ?claim WHERE {
  ?claim a obo:SEPIO_0000001 ;
         prov:wasDerivedFrom* ?citing .
  ?citing cito:citesAsEvidence|cito:disagreesWith|cito:citesForInformation ?source .
  ?source kev:retracted true .
  FILTER NOT EXISTS { ?np dct:subject ?claim ; kev:suppresses rule:KE014 }
}"""

CONTRADICTED_BY_STRONGER = """\
# Claims a cited source contradicts (a disputing evidence line) whose study design supports
# a stronger CEBM level (a smaller number) than any source the claim rests on.
SELECT DISTINCT ?claim ?against WHERE {
  ?claim obo:SEPIO_0000008 ?line .
  ?line obo:SEPIO_0000084 ?against .
  ?against kev:cebmLevel ?contra .
  FILTER NOT EXISTS {
    ?claim prov:wasDerivedFrom*/cito:citesAsEvidence/cito:cites* ?for .
    ?for kev:cebmLevel ?level .
    FILTER (?level <= ?contra)
  }
}"""

RESTS_ON_ALL = """\
# Every claim with every source it rests on: supporting citations, through the claims it is
# drawn from, and the sources those sources cite.
SELECT DISTINCT ?claim ?source WHERE {
  ?claim a obo:SEPIO_0000001 ;
         prov:wasDerivedFrom*/cito:citesAsEvidence/cito:cites* ?source .
}"""


def rests_on(claim_iri: str) -> str:
    """The sources one claim rests on (give the claim's IRI, e.g. ``B claim/{id}``)."""
    return f"""\
SELECT DISTINCT ?source WHERE {{
  <{claim_iri}> prov:wasDerivedFrom*/cito:citesAsEvidence/cito:cites* ?source .
}}"""


def sparql(query: str, base: str) -> str:
    """A query ready to run on an export under ``base``: its prologue, then the query."""
    return prologue(base) + query


# -- SQL over the Parquet tables --------------------------------------------------------------
#
# Every query reads tables named as the files are (claims, sources, edges, suppressions, rules,
# settings): views over the Parquet files, made by one line per table and engine (see
# docs/exports.md), so the same text runs in DuckDB and in Spark SQL. Recursive walks use
# UNION ALL (Spark accepts no UNION in a recursive CTE) and carry the path walked, a string of
# space-separated nodes (keys and ids hold no space), so that a cycle ends the walk.

TABLES = ("claims", "sources", "documents", "edges", "suppressions", "rules", "settings")
"""The tables of the Parquet export, one file ``NAME.parquet`` each."""

RESTS_ON = """\
-- The sources a claim rests on (the claim's id is the parameter): its supporting citations,
-- the claims it is drawn from, at any depth, and the sources those sources cite.
WITH RECURSIVE walk(node, kind, path) AS (
    SELECT id, 'claim', concat(' claim:', id, ' ') FROM claims WHERE id = ?
  UNION ALL
    SELECT e.target, e.target_kind, concat(w.path, e.target_kind, ':', e.target, ' ')
    FROM walk w
    JOIN edges e ON e.origin = w.node AND e.origin_kind = w.kind
    WHERE (e.relation = 'derived_from'
           OR (e.relation = 'cites' AND (e.stance = 'supports' OR e.origin_kind = 'source')))
      AND NOT contains(w.path, concat(' ', e.target_kind, ':', e.target, ' '))
)
SELECT DISTINCT node AS source FROM walk WHERE kind = 'source' ORDER BY source"""

# The walk of every claim's evidence, for the rules that judge it: support (stance 'supports')
# or the evidence against (stance 'contradicts'), joined to the sources in the .bib.
_WALK = """\
walk(claim, node, kind, path) AS (
    SELECT id, id, 'claim', concat(' claim:', id, ' ') FROM claims
  UNION ALL
    SELECT w.claim, e.target, e.target_kind, concat(w.path, e.target_kind, ':', e.target, ' ')
    FROM walk w
    JOIN edges e ON e.origin = w.node AND e.origin_kind = w.kind
    WHERE (e.relation = 'derived_from'
           OR (e.relation = 'cites' AND (e.stance = '{stance}' OR e.origin_kind = 'source')))
      AND NOT contains(w.path, concat(' ', e.target_kind, ':', e.target, ' '))
),
{name} AS (
    SELECT DISTINCT w.claim, s.key, s.level, s.research, s.title, s.doi, s.pmid, s.url, s.isbn,
           s.study_design, s.design_unverified
    FROM walk w JOIN sources s ON s.key = w.node
    WHERE w.kind = 'source'
)"""
_SUPPORT = _WALK.format(stance="supports", name="support")
_AGAINST = _WALK.format(stance="contradicts", name="against")


def _audit_sql(code: str, name: str, what: str, body: str, *, recursive: bool = False) -> str:
    """One rule's query: ``body`` defines ``findings(subject)``, one row a finding; the audit's
    suppressions (a claim's, and the rules the config leaves out) are applied after it."""
    head = "WITH RECURSIVE" if recursive else "WITH"
    return f"""\
-- {code} {name}: {what}
{head} {body}
SELECT subject FROM findings
WHERE subject NOT IN (SELECT claim FROM suppressions WHERE code = '{code}')
  AND '{code}' IN (SELECT code FROM rules WHERE selected)"""


AUDIT_SQL: dict[str, str] = {
    "KE001": _audit_sql("KE001", "unsourced-claim", "claims that cite no source.", """\
findings(subject) AS (
    SELECT id FROM claims c
    WHERE NOT EXISTS (SELECT 1 FROM edges e
                      WHERE e.origin = c.id AND e.origin_kind = 'claim' AND e.relation = 'cites')
)"""),
    "KE002": _audit_sql("KE002", "dangling-citation", "each key a claim cites that is not in the .bib.", """\
findings(subject) AS (
    SELECT origin FROM (
        SELECT DISTINCT e.origin, e.target FROM edges e
        WHERE e.origin_kind = 'claim' AND e.relation = 'cites'
          AND e.target NOT IN (SELECT key FROM sources)
    ) dangling
)"""),
    "KE003": _audit_sql("KE003", "unused-source", "entries no claim cites, directly or through a source "
                        "that cites them.", """\
used(key, path) AS (
    SELECT DISTINCT target, concat(' ', target, ' ') FROM edges
    WHERE origin_kind = 'claim' AND relation = 'cites'
  UNION ALL
    SELECT e.target, concat(u.path, e.target, ' ')
    FROM used u
    JOIN edges e ON e.origin = u.key AND e.origin_kind = 'source' AND e.relation = 'cites'
    WHERE NOT contains(u.path, concat(' ', e.target, ' '))
),
findings(subject) AS (
    SELECT key FROM sources WHERE key NOT IN (SELECT key FROM used)
)""", recursive=True),
    "KE008": _audit_sql("KE008", "unverified-metadata", "entries with fields marked unverified, and "
                        "citations whose attribution is 'unverified'.", """\
findings(subject) AS (
    SELECT key FROM sources WHERE cardinality(unverified) > 0
  UNION ALL
    SELECT origin FROM edges
    WHERE origin_kind = 'claim' AND relation = 'cites' AND attribution = 'unverified'
)"""),
    "KE009": _audit_sql("KE009", "overstated-evidence", "claims asserting a stronger CEBM level (a "
                        "smaller number) than the best source they rest on supports.", f"""\
{_SUPPORT},
findings(subject) AS (
    SELECT c.id FROM claims c
    LEFT JOIN (SELECT claim, min(level) AS level FROM support GROUP BY claim) best ON best.claim = c.id
    WHERE c.asserted_level IS NOT NULL AND (best.level IS NULL OR c.asserted_level < best.level)
)""", recursive=True),
    "KE010": _audit_sql("KE010", "weak-support", "efficacy claims resting only on sources whose "
                        "design is not research.", f"""\
{_SUPPORT},
findings(subject) AS (
    SELECT c.id FROM claims c JOIN support s ON s.claim = c.id
    WHERE c.kind = 'efficacy'
    GROUP BY c.id
    HAVING max(CASE WHEN s.research IS NULL OR s.research THEN 1 ELSE 0 END) = 0
)""", recursive=True),
    "KE011": _audit_sql("KE011", "single-source", "efficacy claims resting on one source, unless it "
                        "supports CEBM level 1.", f"""\
{_SUPPORT},
findings(subject) AS (
    SELECT c.id FROM claims c JOIN support s ON s.claim = c.id
    WHERE c.kind = 'efficacy'
    GROUP BY c.id
    HAVING count(*) = 1 AND max(coalesce(s.level, 0)) <> 1
)""", recursive=True),
    "KE013": _audit_sql("KE013", "stale-source", "entries more than the setting's stale_years old.", """\
findings(subject) AS (
    SELECT s.key FROM sources s CROSS JOIN settings t
    WHERE s.year IS NOT NULL AND year(current_date) - s.year > t.stale_years
)"""),
    "KE014": _audit_sql("KE014", "retracted-source", "retracted entries (export with the audit's "
                        "retraction file), the claims citing them and the claims drawn from those.", """\
flagged(claim, path) AS (
    SELECT DISTINCT e.origin, concat(' ', e.origin, ' ')
    FROM edges e JOIN sources s ON s.key = e.target
    WHERE e.origin_kind = 'claim' AND e.relation = 'cites' AND s.retracted
  UNION ALL
    SELECT e.origin, concat(f.path, e.origin, ' ')
    FROM flagged f JOIN edges e ON e.target = f.claim AND e.relation = 'derived_from'
    WHERE NOT contains(f.path, concat(' ', e.origin, ' '))
),
findings(subject) AS (
    SELECT key FROM sources WHERE retracted
  UNION ALL
    SELECT DISTINCT claim FROM flagged
)""", recursive=True),
    "KE015": _audit_sql("KE015", "circular-derivation", "each cycle of claims drawn from each other, "
                        "named by its first claim in the file.", """\
up(claim, node, path) AS (
    SELECT e.origin, e.target, concat(' ', e.target, ' ')
    FROM edges e JOIN claims p ON p.id = e.target
    WHERE e.relation = 'derived_from'
  UNION ALL
    SELECT u.claim, e.target, concat(u.path, e.target, ' ')
    FROM up u
    JOIN edges e ON e.origin = u.node AND e.relation = 'derived_from'
    JOIN claims p ON p.id = e.target
    WHERE NOT contains(u.path, concat(' ', e.target, ' '))
),
reach AS (SELECT DISTINCT claim, node FROM up),
findings(subject) AS (
    SELECT DISTINCT first_claim FROM (
        SELECT a.claim, min_by(a.node, c.position) AS first_claim
        FROM reach a
        JOIN reach b ON b.claim = a.node AND b.node = a.claim
        JOIN claims c ON c.id = a.node
        GROUP BY a.claim
    ) cycles
)""", recursive=True),
    "KE018": _audit_sql("KE018", "contradicted-claim", "claims a source in the .bib contradicts, "
                        "directly or through a claim they are drawn from.", f"""\
{_AGAINST},
findings(subject) AS (
    SELECT DISTINCT claim FROM against
)""", recursive=True),
    "KE021": _audit_sql("KE021", "unidentifiable-source", "each source that efficacy, safety or "
                        "contraindication claims rest on when all they rest on cannot be identified "
                        "or weighed.", f"""\
{_SUPPORT},
doubtful AS (
    SELECT claim, key,
           CASE WHEN coalesce(trim(translate(title, chr(9) || chr(10) || chr(11) || chr(12) || chr(13), '     ')), '') = ''
                  OR (doi IS NULL AND pmid IS NULL AND url IS NULL AND isbn IS NULL)
                  OR study_design IS NULL OR design_unverified THEN 1 ELSE 0 END AS doubt
    FROM support
),
resting AS (
    SELECT d.claim FROM doubtful d JOIN claims c ON c.id = d.claim
    WHERE c.kind IN ('efficacy', 'safety', 'contraindication')
      AND d.claim NOT IN (SELECT claim FROM suppressions WHERE code = 'KE021')
    GROUP BY d.claim
    HAVING min(d.doubt) = 1
),
findings(subject) AS (
    SELECT DISTINCT d.key FROM doubtful d JOIN resting r ON r.claim = d.claim
)""", recursive=True),
    "KE111": _audit_sql("KE111", "proposed-claim", "claims drafted from an article and not yet "
                        "confirmed (those citing a source: KE001 reports the others).", """\
findings(subject) AS (
    SELECT id FROM claims c
    WHERE review = 'proposed'
      AND EXISTS (SELECT 1 FROM edges e
                  WHERE e.origin = c.id AND e.origin_kind = 'claim' AND e.relation = 'cites')
)"""),
}
"""Rule code -> the SQL whose rows are that rule's findings as ``kevidence audit`` reports them
(one row a finding, its ``subject`` a claim id or BibTeX key), suppressions applied."""

NOT_IN_SQL: dict[str, str] = {
    "KE004": "same title and year compares titles with case, accents and punctuation folded, which SQL "
             "engines do differently",
    "KE005": "compares statements with case, accents and punctuation folded, which SQL engines do differently",
    "KE006": "the fields each entry type requires are a table of kevidence's, and the tables hold the "
             "fields kevidence reads, not every field an entry has",
    "KE007": "whether a DOI, PMID or URL is well-formed is kevidence's reading of it; the tables hold "
             "only the well-formed ones",
    "KE012": "reads titles, keywords and abstracts through the vocabularies' labels and synonyms",
    "KE016": "the tables hold only the entries that could be read",
    "KE017": "judges each suppression against every other rule, those not in SQL too",
    "KE019": "compares the quotation's words with the source's text",
    "KE020": "looks for the quotation in the source's text",
    **{f"KE1{n:02d}": "needs the article's text" for n in range(1, 11)},
    "KE201": "asks Crossref and PubMed", "KE202": "asks Crossref and PubMed", "KE203": "asks Crossref and PubMed",
}
"""Rule code -> why SQL over the tables cannot reproduce it."""


def rules_table() -> str:
    """The Markdown table of docs/exports.md: each audit rule, and its query or why there is none."""
    from kevidence.audit.registry import iter_rules

    rows = ["| rule | in SQL |", "|---|---|"]
    for each in iter_rules():
        if each.code in AUDIT_SQL:
            shown = f"`AUDIT_SQL[\"{each.code}\"]`, shown below"
        else:
            shown = f"not reproducible: {NOT_IN_SQL[each.code]}"
        rows.append(f"| {each.code} `{each.name}` | {shown} |")
    return "\n".join(rows)


def audit_sql_blocks() -> str:
    """The queries of :data:`AUDIT_SQL` as docs/exports.md shows them, each in a folded block."""
    from kevidence.audit.registry import find_rule

    blocks = []
    for code, query in AUDIT_SQL.items():
        found = find_rule(code)
        name = found.name if found is not None else ""
        blocks.append(f"<details><summary>{code} {name}</summary>\n\n```sql\n{query}\n```\n\n</details>\n")
    return "\n".join(blocks)


RESTS_ON_SQL = (RESTS_ON.replace("FROM claims", "FROM read_parquet('{folder}/claims.parquet') claims")
                .replace("JOIN edges", "JOIN read_parquet('{folder}/edges.parquet')")
                .replace("= ?", "= $claim"))
""":data:`RESTS_ON` reading the files of ``{folder}`` directly, the claim as ``$claim``: DuckDB
only; kept for earlier callers (``RESTS_ON_SQL.format(folder=...)``)."""
