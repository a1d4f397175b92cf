"""`factsite check` on a changed source, and `factsite sources accept` recording its new checksum.

An editor appends to a seed: `check` passes with a `source-changed`
warning naming the source and the claims citing it. Once they have re-read
those quotes, `factsite sources accept` sets the sha256 in
seeds/sources.yml, changing no other byte. It refuses, writing nothing,
while a quote citing the source does not resolve.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import run_factsite

REGISTRY = "seeds/sources.yml"
SEED = "seeds/friends-of-steel.txt"  # quoted once, by claims/talks-duration.yml
OTHER_SEED = "seeds/moscow-times-2025-05-08.txt"  # quoted by both claims


def append(project: Path, rel: str, line: str = "A correction appended by the outlet.\n") -> str:
    """Add a line to a seed, as an editor would; return the file's new sha256."""
    path = project / rel
    path.write_bytes(path.read_bytes() + line.encode())
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded(project: Path, rel: str) -> str:
    """The sha256 the registry records for the seed `rel` (the line after its `file:`)."""
    lines = (project / REGISTRY).read_text().splitlines()
    at = lines.index(f"    file: {rel.removeprefix('seeds/')}")
    return next(line.split()[-1] for line in lines[at:] if line.strip().startswith("sha256:"))


def test_a_line_appended_to_a_seed_is_a_warning_naming_the_source_and_its_claims(project: Path) -> None:
    new = append(project, SEED)
    status, out, _ = run_factsite(project, "check")
    assert status == 0, out
    assert f"warning[source-changed]: {SEED} has changed since its checksum was recorded" in out
    assert (
        "claims/talks-duration.yml" in out
        and f"factsite sources accept friends-of-steel` (it sets sha256: {new})" in out
    )
    assert out.endswith("checked 2 claims: 0 errors, 1 warning\n")


def test_a_changed_quoted_word_stops_the_check_with_the_quote_error(project: Path) -> None:
    seed = project / SEED
    seed.write_text(seed.read_text().replace("three-and-a-half hour meeting", "three-and-a-half-hour meeting"))
    status, out, _ = run_factsite(project, "check")
    assert status == 1
    assert "claims/talks-duration.yml:29:12: error[quote-not-found]" in out
    assert f"error[checksum-mismatch]: {SEED} has changed since its checksum was recorded, and 1 quote" in out
    assert "source-changed" not in out


def test_accepting_sets_only_the_sha256_and_the_check_is_clean(project: Path) -> None:
    registry = project / REGISTRY
    before = registry.read_bytes()
    old, new = recorded(project, SEED), append(project, SEED)
    status, out, _ = run_factsite(project, "sources", "accept")
    assert (status, out) == (0, f"{SEED}: sha256 updated (cited by 1 claim, every quote still resolves)\n")
    assert registry.read_bytes() == before.replace(old.encode(), new.encode())
    assert run_factsite(project, "check") == (0, "checked 2 claims: 0 errors, 0 warnings\n", "")
    again = run_factsite(project, "sources", "accept")
    assert again == (0, "nothing to accept: every checksum matches\n", "")
    assert registry.read_bytes() == before.replace(old.encode(), new.encode())


def test_accepting_keeps_comments_quoting_crlf_and_the_bom(project: Path) -> None:
    registry = project / REGISTRY
    old = recorded(project, SEED)
    styled = registry.read_text().replace(f"sha256: {old}", f'sha256: "{old}"  # by hand').replace("\n", "\r\n")
    registry.write_bytes(b"\xef\xbb\xbf" + styled.encode())
    new = append(project, SEED)
    assert run_factsite(project, "sources", "accept", "friends-of-steel")[0] == 0
    assert registry.read_bytes() == b"\xef\xbb\xbf" + styled.replace(old, new).encode()
    assert run_factsite(project, "check")[0:2] == (0, "checked 2 claims: 0 errors, 0 warnings\n")


def test_only_the_sources_named_are_accepted(project: Path) -> None:
    append(project, SEED)
    kept, new = recorded(project, SEED), append(project, OTHER_SEED)
    status, out, _ = run_factsite(project, "sources", "accept", "moscow-times-2025-05-08")
    assert (status, out) == (0, f"{OTHER_SEED}: sha256 updated (cited by 2 claims, every quote still resolves)\n")
    assert (recorded(project, OTHER_SEED), recorded(project, SEED)) == (new, kept)
    status, out, _ = run_factsite(project, "check")
    assert status == 0 and out.count("warning[source-changed]") == 1 and SEED in out


def test_accepting_is_refused_while_a_quote_citing_the_source_is_broken(project: Path) -> None:
    registry = project / REGISTRY
    seed = project / SEED
    seed.write_text(seed.read_text().replace("three-and-a-half hour meeting", "three-hour meeting"))
    append(project, OTHER_SEED)  # a change that holds is not recorded either: nothing is written
    before = registry.read_bytes()
    for args in ((), ("friends-of-steel",)):
        status, out, _ = run_factsite(project, "sources", "accept", *args)
        assert status == 1
        assert "claims/talks-duration.yml:29:12: error[quote-not-found]" in out
        assert f"error[checksum-mismatch]: {SEED} has changed" in out
        assert f"{SEED}: not accepted: 1 quote citing it does not resolve (claims/talks-duration.yml)" in out
        assert out.endswith("nothing recorded: a source is accepted only while every quote citing it resolves\n")
        assert registry.read_bytes() == before


def test_accepting_is_refused_while_a_claim_file_cannot_be_read(project: Path) -> None:
    append(project, SEED)
    (project / "claims" / "unfinished.yml").write_text("claim: [unclosed\n")
    before = (project / REGISTRY).read_bytes()
    status, out, _ = run_factsite(project, "sources", "accept")
    assert status == 1 and "claims/unfinished.yml:" in out and "error[yaml-syntax]" in out
    assert "not accepted: claims/unfinished.yml could not be read, so its quotes were not checked" in out
    assert (project / REGISTRY).read_bytes() == before


def test_an_unknown_source_id_is_a_usage_error(project: Path) -> None:
    status, out, err = run_factsite(project, "sources", "accept", "friends-of-stel")
    assert (status, out) == (2, "")
    assert err == (
        "factsite sources: error: no source 'friends-of-stel' in seeds/sources.yml; did you mean 'friends-of-steel'?\n"
    )


def test_a_named_source_that_has_not_changed_has_nothing_to_accept(project: Path) -> None:
    before = (project / REGISTRY).read_bytes()
    status, out, _ = run_factsite(project, "sources", "accept", "friends-of-steel")
    assert (status, out) == (0, f"{SEED}: sha256 already matches\nnothing to accept\n")
    assert (project / REGISTRY).read_bytes() == before


def test_the_project_folder_may_be_given_after_the_action(project: Path, tmp_path: Path) -> None:
    new = append(project, SEED)
    status, out, _ = run_factsite(tmp_path, "sources", "accept", "--root", str(project), "friends-of-steel")
    assert status == 0 and "sha256 updated" in out and recorded(project, SEED) == new


def test_an_extractor_that_reads_a_web_page_otherwise_is_a_source_change_accept_records_it(project: Path) -> None:
    """Issue 17: the registry records the extractor and the text's checksum; when another version of
    the extractor gives another text from the same file, `check` says so like any source change."""
    page = (Path(__file__).parents[1] / "fixture-sources" / "bridge-repairs.html").read_bytes()
    status, out, err = run_factsite(project, "add-source", str(project.parent / "page.html"), "--id", "x")
    assert status == 2  # no such file yet: a usage error
    (project.parent / "page.html").write_bytes(page)
    status, out, err = run_factsite(project, "add-source", str(project.parent / "page.html"), "--id", "bridge")
    assert status == 0, out + err
    assert run_factsite(project, "check")[0] == 0
    registry = (project / REGISTRY).read_text()
    actual = next(line.split()[-1].strip('"') for line in registry.splitlines() if "text_sha256:" in line)
    extractor = next(line.split('"')[1] for line in registry.splitlines() if "extractor:" in line)
    assert extractor.startswith("trafilatura ")
    older = registry.replace(actual, "0" * 64).replace(extractor, "trafilatura 1.0.0")
    (project / REGISTRY).write_text(older)  # as recorded by an older extractor that read the page otherwise
    status, out, _ = run_factsite(project, "check")
    assert status == 0, out  # no claim quotes it: a warning
    assert (
        f"warning[source-changed]: the text {extractor} extracts from seeds/bridge.html is not the text recorded "
        "(trafilatura 1.0.0); no claim quotes it"
    ) in out
    status, out, _ = run_factsite(project, "sources", "accept", "bridge")
    assert status == 0, out
    assert (project / REGISTRY).read_text() == registry  # the text's checksum and the extractor, as they were written
    assert run_factsite(project, "check")[1].endswith("0 errors, 0 warnings\n")
