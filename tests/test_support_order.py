"""The support index answers the same whatever order claims are asked in: one asked first,
a chain asked from its end, a cycle asked from any member."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kevidence import Citation, Claim, KnowledgeBase, Source
from kevidence.graph.support import SupportIndex
from tests.test_trace import random_base


def _alone(kb: KnowledgeBase, claim_id: str) -> object:
    return SupportIndex(kb.claims, kb.sources).support(claim_id)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kb=random_base(), data=st.data())
def test_any_order_of_questions_gives_each_claim_its_own_support(kb: KnowledgeBase, data: st.DataObject) -> None:
    order = data.draw(st.permutations(list(kb.claims)))
    shared = SupportIndex(kb.claims, kb.sources)
    for claim_id in order:
        assert shared.support(claim_id) == _alone(kb, claim_id)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kb=random_base(), data=st.data())
def test_every_claims_support_at_once_is_each_claims_own(kb: KnowledgeBase, data: st.DataObject) -> None:
    shared = SupportIndex(kb.claims, kb.sources)
    # Some claims asked one by one first: the pass over all of them then reuses what they reached.
    for claim_id in data.draw(st.lists(st.sampled_from(list(kb.claims)), max_size=3) if kb.claims else st.just([])):
        shared.support(claim_id)
    every = shared.supports()
    assert list(every) == list(kb.claims)
    for claim_id, support in every.items():
        assert support == _alone(kb, claim_id)


@pytest.mark.parametrize("cycle", [False, True])
def test_a_long_chain_asked_from_its_end(cycle: bool) -> None:
    n = 200  # far longer than the walk up a chain one parent at a time
    claims = [Claim(id=f"c{i}", statement="s", kind="efficacy",
                    citations=(Citation(source=f"k{i}"),) if i % 7 == 0 else (),
                    derived_from=(f"c{i + 1}",) if i < n - 1 else (("c0",) if cycle else ())) for i in range(n)]
    kb = KnowledgeBase.from_models(claims)
    shared = SupportIndex(kb.claims, kb.sources)
    for i in (0, 50, n - 1, 1, 2):
        support = shared.support(f"c{i}")
        expected = {f"k{j}" for j in range(0 if cycle else i, n) if j % 7 == 0}
        assert set(support.missing) == expected
        assert support == _alone(kb, f"c{i}")


def test_a_dense_cycle_is_walked_once() -> None:
    # Every claim drawn from every other, sources citing every other source: a walk that went
    # down each path would never end; each claim and each source is computed once.
    n = 40
    claims = [Claim(id=f"c{i}", statement="s", kind="efficacy", citations=(Citation(source=f"k{i}"),),
                    derived_from=tuple(f"c{j}" for j in range(n) if j != i)) for i in range(n)]
    sources = [Source.model_construct(key=f"k{i}", entry_type="article", line=None,
                                      fields={"cites": ", ".join(f"k{j}" for j in range(n) if j != i)})
               for i in range(n)]
    kb = KnowledgeBase.from_models(claims, sources)
    shared = SupportIndex(kb.claims, kb.sources)
    for i in reversed(range(n)):
        assert shared.support(f"c{i}").sources == tuple(sorted(f"k{j}" for j in range(n)))
