"""A sale's idempotency record keeps the hash of its request for ever (a queue
can sit offline for days): however the hash is computed, a request must hash
as it always has, or its replay would be refused as a different request."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from boxoffice.services.idempotency import request_hash
from boxoffice.services.seating import Order, PaymentLine, SaleLine


def first_form(operation: str, request: dict[str, Any]) -> str:
    """The hash as the first central store computed it (keys recorded with it exist)."""

    def canonical(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {k: canonical(v) for k, v in dataclasses.asdict(value).items()}
        if isinstance(value, dict):
            return {str(k): canonical(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [canonical(v) for v in value]
        return value

    body = json.dumps(
        [operation, canonical(request)], sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


texts = st.text(max_size=12)
lines = st.builds(SaleLine, st.none() | texts, texts, st.none() | texts)
payments = st.builds(
    PaymentLine, st.sampled_from(["cash", "card", "mobile", "member"]), st.integers(1, 10**9), texts
)
orders = st.builds(
    Order,
    texts,
    texts,
    texts,
    st.none() | texts,
    st.lists(lines, min_size=1, max_size=4).map(tuple),
    st.lists(payments, max_size=3).map(tuple),
    st.none() | texts,
    st.none() | texts,
    st.none() | texts,
    st.none() | texts,
    st.none() | st.integers(1, 10**6),
)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts | st.floats(allow_nan=False),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(texts | st.integers(), inner, max_size=3)
        | lines
        | payments
    ),
    max_leaves=12,
)


@given(orders)
def test_a_sale_hashes_as_it_always_has(order: Order) -> None:
    assert request_hash("seating.sell", order.request()) == first_form(
        "seating.sell", order.request()
    )


@given(st.dictionaries(texts, values, max_size=4))
def test_any_request_hashes_as_it_always_has(request: dict[str, Any]) -> None:
    request["at"] = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)  # a value JSON holds as text
    assert request_hash("any.operation", request) == first_form("any.operation", request)
