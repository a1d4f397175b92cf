"""The schema check: fastjsonschema's yes/no and jsonschema's messages answer alike.

A value fastjsonschema passes gets no diagnostic (jsonschema is not run), so
the two must agree on every value: on many damaged claims here, and on the
real files of both formats.
"""

from __future__ import annotations

import json
from typing import Any

from conftest import FIXTURE, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load.schema import _is_valid, _validator, load_schema, to_plain
from generator.load.yamlsafe import load_bytes

VALID = {
    "claim": "C.",
    "verdict": "disputed",
    "summary": "S.",
    "reviewed": "2026-11-22",
    "tags": ["a", "b-c"],
    "claimant": "X",
    "date": "2025-05-08",
    "evidence": [
        {"source": "s", "stance": "supports", "quote": "q", "occurrence": 1, "prefix": "p"},
        {"source": "t", "stance": "contradicts", "quote": "r", "note": "n"},
    ],
}
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 3),
    st.sampled_from(["", "x", "2025-02-30", "2025-13-01", "25-05-08", "Bad Slug", "supports", "a" * 1001, "a" * 61]),
    st.lists(st.sampled_from(["a", "a", "B", ""]), max_size=3),
    st.just({}),
    st.just({"unknown": 1}),
)


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """VALID with one to three fields changed to odd values, or removed."""
    value = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(1, 3))):
        items = (
            [e for e in value.get("evidence", []) if isinstance(e, dict)]
            if isinstance(value.get("evidence"), list)
            else []
        )
        target = draw(st.sampled_from(items)) if items and draw(st.booleans()) else value
        key = draw(st.sampled_from(sorted(target) + ["unknown", "evidence", "tags"]))
        if draw(st.integers(0, 4)) == 0:
            target.pop(key, None)
        else:
            target[key] = draw(ODD)
    return value


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_the_fast_check_and_jsonschema_agree(value: Any) -> None:
    assert _is_valid("claim")(value) == _validator("claim").is_valid(value), value


def test_the_real_files_pass_both_checks() -> None:
    files = {
        "claim": sorted((REPO / "claims").glob("*.yml")) + sorted((FIXTURE / "claims").glob("*.yml")),
        "sources": [REPO / "seeds" / "sources.yml", FIXTURE / "seeds" / "sources.yml"],
    }
    for name, paths in files.items():
        schema = load_schema(name)
        for path in paths:
            value = to_plain(load_bytes(path.name, path.read_bytes(), 16 * 1024 * 1024).root, schema, schema)
            assert _is_valid(name)(value) and _validator(name).is_valid(value), path
    assert _is_valid("claim")(VALID)
