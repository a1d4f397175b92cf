"""`factsite add-source`: a text file, a saved web page and a PDF, copied and registered as a user would.

Each test runs the command on a copy of tests/fixture and checks what the
editor would check: the copy in seeds/ is the original's bytes, the
registry keeps every byte it had and gains one entry, `factsite check`
passes and `factsite quote` finds the article's words; and, when the
command refuses, that nothing at all was written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
import yaml
from conftest import TESTS, files_under, run_factsite

from generator.load.extract import extract
from generator.load.registry import load_registry

PDF = TESTS / "fixture-sources" / "statement.pdf"

MEMO = (
    "Harbour Bridge inspection memo\n\n"
    "The inspectors found corrosion in four of the twelve main cables. "
    "Heavy goods vehicles must keep off the bridge until the cables are replaced.\n"
)

# A saved web page: the article among navigation, an advertisement and a script, with its metadata.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ferry timetable cut for the winter | The Harbour Gazette</title>
<meta property="og:title" content="Ferry timetable cut for the winter">
<meta property="og:site_name" content="The Harbour Gazette">
<meta name="author" content="Tomas Lindqvist">
<meta property="article:published_time" content="2024-11-02T08:00:00+00:00">
<link rel="canonical" href="https://gazette.example.org/2024/11/ferry-timetable">
<script>document.write("SCRIPT-TEXT-MUST-NOT-APPEAR")</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="ad">Advertisement: buy a boat today</div>
<article><h1>Ferry timetable cut for the winter</h1>
<p>The island ferry will sail four times a day instead of seven from the first of December,
the operator said on Friday, blaming a shortage of qualified crew and the rising price of fuel.</p>
<p>Islanders who work on the mainland said the first crossing, at half past six, would still
let them reach the town in time, but that the last boat home now leaves at a quarter to six.</p>
<p>The operator promised to restore the full timetable in April, when two newly trained
captains join its staff, and said season tickets would be reduced by a third until then.</p>
</article>
<footer>Copyright The Harbour Gazette</footer>
</body></html>
"""


def registered(root: Path, source_id: str):
    sources, _ = load_registry(root)
    assert sources is not None
    return sources[source_id]


def appended_entry(before: bytes, after: bytes) -> dict[str, str]:
    """The registry's new entry, after checking that every byte it had before is still there, first."""
    assert after.startswith(before), "the registry's previous bytes changed"
    entries = yaml.safe_load("sources:\n" + after[len(before) :].decode("utf-8"))["sources"]
    assert len(entries) == 1
    return entries[0]


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_a_text_file_is_copied_and_its_entry_appended(project: Path, tmp_path: Path) -> None:
    original = write(tmp_path / "Memo.TXT", MEMO)
    before = (project / "seeds" / "sources.yml").read_bytes()
    status, out, err = run_factsite(
        project,
        *("add-source", str(original), "--id", "bridge-memo", "--title", "Harbour Bridge inspection memo"),
        *("--outlet", "City Engineer", "--url", "https://city.example.org/memo", "--published", "2024-01-15"),
        *("--retrieved", "2024-02-01"),
    )
    assert (status, err) == (0, "")
    assert (project / "seeds" / "bridge-memo.txt").read_bytes() == original.read_bytes()
    sha = hashlib.sha256(MEMO.encode()).hexdigest()
    assert (project / "seeds" / "sources.yml").read_bytes() == before + (
        "  - id: bridge-memo\n"
        "    file: bridge-memo.txt\n"
        '    title: "Harbour Bridge inspection memo"\n'
        '    outlet: "City Engineer"\n'
        '    author: ""\n'
        '    url: "https://city.example.org/memo"\n'
        '    archive_url: ""\n'
        '    published: "2024-01-15"\n'
        '    retrieved: "2024-02-01"\n'
        f"    sha256: {sha}\n"
        '    extractor: "text"\n'
        '    notes: ""\n'
    ).encode()
    assert f"text, {len(MEMO)} characters of text" in out and "  | Harbour Bridge inspection memo" in out
    assert "factsite quote bridge-memo 'a few words'" in out and "notes" in out
    assert run_factsite(project, "check")[:2] == (0, "checked 2 claims: 0 errors, 0 warnings\n")
    status, out, _ = run_factsite(project, "quote", "bridge-memo", "corrosion in four of the twelve main cables")
    assert status == 0 and out.startswith("found once in bridge-memo")


def test_a_web_page_brings_its_own_metadata(project: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    original = write(tmp_path / "ferry.htm", PAGE)
    days = {dt.datetime.now(dt.UTC).date().isoformat()}
    before = (project / "seeds" / "sources.yml").read_bytes()
    status, out, err = run_factsite(project, "add-source", str(original), "--id", "gazette-ferry")
    assert (status, err) == (0, "")
    assert (project / "seeds" / "gazette-ferry.htm").read_bytes() == PAGE.encode()
    days.add(dt.datetime.now(dt.UTC).date().isoformat())  # the run may have crossed midnight
    entry = appended_entry(before, (project / "seeds" / "sources.yml").read_bytes())
    assert entry.pop("retrieved") in days  # today, in UTC, by default
    found = extract(PAGE.encode(), "gazette-ferry.htm")
    assert entry == {
        "id": "gazette-ferry",
        "file": "gazette-ferry.htm",
        "title": "Ferry timetable cut for the winter",
        "outlet": "The Harbour Gazette",
        "author": "Tomas Lindqvist",
        "url": "https://gazette.example.org/2024/11/ferry-timetable",
        "archive_url": "",
        "published": "2024-11-02",
        "sha256": hashlib.sha256(PAGE.encode()).hexdigest(),
        "extractor": found.extractor,
        "text_sha256": hashlib.sha256(found.text.encode()).hexdigest(),
        "notes": "",
    }
    assert found.extractor.startswith("trafilatura ")
    assert "  title:     Ferry timetable cut for the winter  (from the document)" in out
    assert "  retrieved: " in out and "give --retrieved" in out
    assert "SCRIPT-TEXT" not in out and "Advertisement" not in out
    assert run_factsite(project, "check")[0] == 0
    status, out, _ = run_factsite(
        project, "quote", "gazette-ferry", "the last boat home now leaves at a quarter to six"
    )
    assert status == 0 and out.startswith("found once in gazette-ferry")


def test_the_editor_s_values_win_over_the_document_s(project: Path, tmp_path: Path) -> None:
    original = write(tmp_path / "ferry.html", PAGE)
    status, _, _ = run_factsite(
        project, "add-source", str(original), "--id", "ferry", "--title", "Winter ferry cuts", "--author", ""
    )
    assert status == 0
    source = registered(project, "ferry")
    assert (source.title, source.author, source.outlet) == ("Winter ferry cuts", "", "The Harbour Gazette")


@pytest.mark.skipif(
    not PDF.is_file(), reason="tests/fixture-sources/statement.pdf (the extraction fixtures) is missing"
)
def test_a_pdf_is_copied_and_its_pages_counted(project: Path) -> None:
    before = (project / "seeds" / "sources.yml").read_bytes()
    status, out, err = run_factsite(
        project, "add-source", str(PDF), "--id", "rail-statement", "--label", "Ministry of Transport statement"
    )
    assert (status, err) == (0, "")
    assert (project / "seeds" / "rail-statement.pdf").read_bytes() == PDF.read_bytes()
    entry = appended_entry(before, (project / "seeds" / "sources.yml").read_bytes())
    found = extract(PDF.read_bytes(), "rail-statement.pdf")
    assert (entry["label"], entry["extractor"]) == ("Ministry of Transport statement", found.extractor)
    assert entry["text_sha256"] == hashlib.sha256(found.text.encode()).hexdigest()
    assert f"pdf, {len(found.text):,} characters of text on {len(found.pages)} page" in out
    assert run_factsite(project, "check")[0] == 0
    status, out, _ = run_factsite(project, "quote", "rail-statement", "renewed the signalling at Kingsmere junction")
    assert status == 0 and out.startswith("found once in rail-statement")


def test_a_file_already_in_seeds_is_registered_where_it_is(project: Path) -> None:
    original = write(project / "seeds" / "bridge-memo.txt", MEMO)
    status, out, _ = run_factsite(project, "add-source", "seeds/bridge-memo.txt", "--id", "bridge-memo", "--title", "M")
    assert status == 0 and "registered seeds/bridge-memo.txt" in out
    assert original.read_bytes() == MEMO.encode() and registered(project, "bridge-memo").title == "M"


def test_a_hostile_title_is_written_as_one_safe_value(project: Path, tmp_path: Path) -> None:
    title = "He said: \"stop\" 'now'\n<script>alert(1)</script> # not a comment\x07\x1b[31m \u202eevil\\"
    original = write(tmp_path / "memo.txt", MEMO)
    status, out, _ = run_factsite(project, "add-source", str(original), "--id", "hostile", "--title", title)
    assert status == 0 and "\x1b" not in out and "\u202e" not in out
    expected = "He said: \"stop\" 'now' <script>alert(1)</script> # not a comment[31m evil\\"
    assert registered(project, "hostile").title == expected
    assert run_factsite(project, "check")[0] == 0


def test_the_entry_follows_a_folded_last_value_and_keeps_the_comments(project: Path, tmp_path: Path) -> None:
    registry = project / "seeds" / "sources.yml"
    text = registry.read_text().replace('    notes: ""\n', "    notes: >-\n      A note\n      on two lines.\n\n")
    before = write(registry, text + "# the end of the registry\n").read_bytes()
    status, _, _ = run_factsite(
        project, "add-source", str(write(tmp_path / "m.txt", MEMO)), "--id", "m", "--title", "M"
    )
    after, comment = registry.read_bytes(), b"# the end of the registry\n"
    assert status == 0 and after.endswith(b'    notes: ""\n' + comment)
    assert appended_entry(text.encode(), after.removesuffix(comment))["id"] == "m"
    assert before == text.encode() + comment
    assert registered(project, "friends-of-steel").notes == "A note on two lines."


def test_a_project_without_a_registry_gets_one(project: Path, tmp_path: Path) -> None:
    (project / "seeds" / "sources.yml").unlink()
    for seed in ("friends-of-steel.txt", "moscow-times-2025-05-08.txt"):
        (project / "seeds" / seed).unlink()
    original = write(tmp_path / "m.txt", MEMO)
    assert run_factsite(project, "add-source", str(original), "--id", "memo", "--title", "Memo")[0] == 0
    assert list(load_registry(project)[0] or {}) == ["memo"]


def test_retrieved_is_the_day_source_date_epoch_fixes(project: Path, tmp_path: Path, monkeypatch) -> None:
    """With SOURCE_DATE_EPOCH set (a reproducible build), today's date would fail `check` as a future date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01T00:00:00Z
    checked = run_factsite(project, "check")  # the fixture's own dates are later: errors already
    original = write(tmp_path / "m.txt", MEMO)
    assert run_factsite(project, "add-source", str(original), "--id", "memo", "--title", "Memo")[0] == 0
    assert registered(project, "memo").retrieved == "2025-01-01"
    assert run_factsite(project, "check") == checked  # and no new one


def refused(project: Path, *args: str) -> tuple[int, str]:
    """Run add-source, check that no file of the project changed, and return (status, what it said)."""
    before = files_under(project)
    status, out, err = run_factsite(project, "add-source", *args)
    assert files_under(project) == before, "a refused add-source wrote something"
    assert "Traceback" not in out + err
    return status, out + err


def test_an_existing_id_is_refused_with_its_line(project: Path, tmp_path: Path) -> None:
    original = write(tmp_path / "memo.txt", MEMO)
    status, said = refused(project, str(original), "--id", "friends-of-steel", "--title", "T")
    assert status == 2
    assert said == (
        "factsite add-source: error: id 'friends-of-steel' is already in seeds/sources.yml (line 11): "
        "choose another --id\n"
    )


def test_an_existing_file_is_never_overwritten(project: Path, tmp_path: Path) -> None:
    write(project / "seeds" / "memo.txt", "someone else's file\n")
    status, said = refused(project, str(write(tmp_path / "memo.txt", MEMO)), "--id", "memo", "--title", "T")
    assert status == 2 and "seeds/memo.txt already exists" in said


def test_a_link_in_seeds_is_not_followed(project: Path, tmp_path: Path) -> None:
    (project / "seeds" / "memo.txt").symlink_to(tmp_path / "outside.txt")
    status, said = refused(project, str(write(tmp_path / "memo.txt", MEMO)), "--id", "memo", "--title", "T")
    assert status == 2 and "seeds/memo.txt already exists" in said
    assert not (tmp_path / "outside.txt").exists()


def test_an_untitled_document_needs_a_label(project: Path, tmp_path: Path) -> None:
    status, said = refused(project, str(write(tmp_path / "memo.txt", MEMO)), "--id", "memo")
    assert status == 2 and "has no title" in said and "--label 'Untitled report (no outlet named)'" in said


@pytest.mark.parametrize(
    ("option", "value", "why"),
    [
        ("--url", "ftp://example.org/memo", "--url 'ftp://example.org/memo' is not a web address"),
        ("--archive-url", "web.archive.org/x", "is not a web address: give an http:// or https:// URL"),
        ("--published", "2024-02-30", "--published '2024-02-30' is not a date: write YYYY-MM-DD"),
        ("--retrieved", "14/03/2024", "is not a date"),
        ("--published", "2999-01-01", "--published '2999-01-01' is in the future"),
        ("--id", "Bridge Memo", "'Bridge Memo' is not a valid source id"),
        ("--id", "index", "'index' is not a valid source id"),
    ],
)
def test_a_wrong_value_is_a_usage_error(project: Path, tmp_path: Path, option: str, value: str, why: str) -> None:
    original = write(tmp_path / "memo.txt", MEMO)
    status, said = refused(project, str(original), "--id", "memo", "--title", "T", option, value)
    assert status == 2 and said.startswith("factsite add-source: error: ") and why in said
    assert said.count("\n") == 1


def test_a_file_that_is_not_a_source_format_is_refused(project: Path, tmp_path: Path) -> None:
    original = write(tmp_path / "memo.docx", MEMO)
    status, said = refused(project, str(original), "--id", "memo", "--title", "T")
    assert status == 2 and "a source is a .htm, .html, .pdf, .txt file, not '.docx'" in said
    status, said = refused(project, str(tmp_path / "missing.txt"), "--id", "memo", "--title", "T")
    assert status == 2 and "no such file" in said


def test_a_document_that_cannot_be_read_is_refused_with_its_diagnostic(project: Path, tmp_path: Path) -> None:
    disguised = write(tmp_path / "page.html", b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    status, said = refused(project, str(disguised), "--id", "page", "--title", "T")
    assert status == 1 and said.startswith(f"{disguised}:1:1: error[format-mismatch]: ")
    assert "nothing written" in said and "seeds/page.html" not in said
    latin1 = write(tmp_path / "latin.txt", "caf\xe9\n".encode("latin-1"))
    status, said = refused(project, str(latin1), "--id", "latin", "--title", "T")
    assert status == 1 and f"error[encoding]: {latin1} is not UTF-8 text (at byte offset 3)" in said


def test_an_entry_that_does_not_load_is_taken_back(project: Path, tmp_path: Path, monkeypatch) -> None:
    """Should the registry refuse the new entry, the registry and seeds/ are left as they were."""
    import generator.cli.add_source as add_source
    from generator.errors import Diagnostic, Pos

    def refusing(root: Path):
        sources, _ = load_registry(root)
        return sources, [Diagnostic.at("seeds/sources.yml", Pos(19, 5), "schema", "refused for the test")]

    monkeypatch.setattr(add_source, "load_registry", refusing)
    status, said = refused(project, str(write(tmp_path / "memo.txt", MEMO)), "--id", "memo", "--title", "T")
    assert status == 1 and "error[schema]: refused for the test" in said and "is as it was" in said


SHA = hashlib.sha256(b"x\n").hexdigest()
ENTRY = f'id: a\n  file: a.txt\n  title: A\n  outlet: ""\n  url: ""\n  published: ""\n  sha256: {SHA}\n  notes: ""'


@pytest.mark.parametrize(
    "registry",
    [
        pytest.param("# Windows line ends\r\nsources:\r\n- " + ENTRY.replace("\n", "\r\n") + "\r\n", id="crlf"),
        pytest.param("\ufeffsources: []  # none yet\n", id="empty-flow-list-with-bom"),
        pytest.param("sources:\n- " + ENTRY, id="no-line-break-at-the-end"),
    ],
)
def test_the_entry_fits_the_registry_as_it_is_written(project: Path, tmp_path: Path, registry: str) -> None:
    write(project / "seeds" / "sources.yml", registry)
    write(project / "seeds" / "a.txt", "x\n")
    before = set(load_registry(project)[0] or {})
    original = write(tmp_path / "m.txt", MEMO)
    assert run_factsite(project, "add-source", str(original), "--id", "memo", "--title", "Memo")[0] == 0
    after = (project / "seeds" / "sources.yml").read_bytes()
    sources, diagnostics = load_registry(project)
    assert set(sources or {}) == before | {"memo"} and [d for d in diagnostics if d.is_error] == []
    assert after.startswith(registry.replace(": []", ":").encode().removesuffix(b"\n"))
    if "\r\n" in registry:
        assert after.count(b"\n") == after.count(b"\r\n")


def test_a_registered_seed_is_not_copied_again_under_another_id(project: Path) -> None:
    """Found in review: `add-source seeds/x.txt --id other` made a second copy of a registered document."""
    before = {p.name: p.read_bytes() for p in (project / "seeds").iterdir()}
    status, out, err = run_factsite(project, "add-source", "seeds/friends-of-steel.txt", "--id", "steel-again")
    assert (status, out) == (2, "")
    assert "file 'friends-of-steel.txt' is already in seeds/sources.yml (line" in err
    assert {p.name: p.read_bytes() for p in (project / "seeds").iterdir()} == before
