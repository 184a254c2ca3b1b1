"""The JSON Schema of claims.json, generated from the models (committed as data/claims.schema.json)."""

from __future__ import annotations

from typing import Any

from kevidence.claims.model import ClaimsFile


def claims_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that ``claims.json`` follows."""
    schema = ClaimsFile.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
