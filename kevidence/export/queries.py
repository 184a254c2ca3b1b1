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


RESTS_ON_SQL = """\
-- The sources a claim rests on, over the Parquet tables (DuckDB): {folder} is the export's
-- folder, $claim the claim's id.
WITH RECURSIVE reached(claim_id, node, kind) AS (
    SELECT id, id, 'claim' FROM read_parquet('{folder}/claims.parquet') WHERE id = $claim
  UNION
    SELECT r.claim_id, e.target, e.target_kind
    FROM reached r
    JOIN read_parquet('{folder}/edges.parquet') e
      ON e.origin = r.node AND e.origin_kind = r.kind
     AND (e.relation = 'derived_from'
          OR (e.relation = 'cites' AND (e.stance = 'supports' OR e.origin_kind = 'source')))
)
SELECT DISTINCT node AS source FROM reached WHERE kind = 'source' ORDER BY source"""
