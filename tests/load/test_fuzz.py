"""Fuzzing the loader and the validator: success or documented diagnostics, nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import CASES, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.anchor.project import load_project
from generator.errors import CODES
from generator.load.claims import load_claim
from generator.load.registry import load_registry
from generator.load.schema import validate
from generator.load.yamlsafe import load_bytes

FIELDS = [
    "claim",
    "claimant",
    "date",
    "verdict",
    "summary",
    "tags",
    "reviewed",
    "evidence",
    "source",
    "stance",
    "quote",
    "prefix",
    "suffix",
    "occurrence",
    "note",
]

scalars = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "no",
            "yes",
            "~",
            "null",
            "1",
            "0x1F",
            "2025-05-08",
            "supported",
            "friends-of-steel",
            "During a three-and-a-half hour meeting",
            "<script>x</script>",
            "[a](javascript:x)",
        ]
    ),
    st.integers(),
    st.booleans(),
    st.none(),
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), inner, max_size=6),
    ),
    max_leaves=20,
)


def assert_documented(diagnostics: list) -> None:
    for d in diagnostics:
        assert d.code in CODES, d
        assert d.line >= 1 and d.column >= 1 and d.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    doc = load_bytes("claims/x.yml", data)
    assert_documented(doc.diagnostics)
    assert_documented(validate(doc, "claim")[1])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_arbitrary_text(text: str) -> None:
    doc = load_bytes("claims/x.yml", text.encode("utf-8", "surrogatepass"))
    assert_documented(doc.diagnostics + validate(doc, "claim")[1])


yaml_punctuation = st.lists(
    st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`?, \n\t\\") + ["  ", "- ", ": "]), max_size=60
).map("".join)


@settings(max_examples=300, deadline=None)
@given(yaml_punctuation)
def test_yaml_punctuation_soup(text: str) -> None:
    doc = load_bytes("claims/x.yml", text.encode())
    assert_documented(doc.diagnostics + validate(doc, "claim")[1])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(structures)
def test_arbitrary_structures_through_the_whole_claim_check(tmp_path: Path, value: object) -> None:
    claims = tmp_path / "claims"
    claims.mkdir(exist_ok=True)
    (claims / "fuzz.yml").write_text(yaml.safe_dump(value, allow_unicode=True), "utf-8")
    sources, _ = load_registry(REPO)
    claim, diagnostics = load_claim(tmp_path, "claims/fuzz.yml", sources)
    assert_documented(diagnostics)


def test_every_code_is_documented_in_the_editor_guide() -> None:
    guide = (REPO / "docs" / "editor-guide.md").read_text("utf-8")
    table = guide.split("## Error codes", 1)[1]
    documented = set(re.findall(r"^\| `([a-z-]+)`", table, re.MULTILINE))
    assert documented == set(CODES)


def test_every_golden_case_code_is_a_documented_code() -> None:
    text = "\n".join(p.read_text("utf-8") for p in CASES)
    used = set(re.findall(r"(?:error|warning)\[([a-z-]+)\]", text))
    assert used <= CODES and len(used) >= 20


def test_the_real_project_loads_clean() -> None:
    project, diagnostics = load_project(REPO)
    assert diagnostics == [] and all(e.span for c in project.claims for e in c.evidence)
