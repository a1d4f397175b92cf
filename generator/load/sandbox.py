"""A PDF's text, or a large web page's, read in a child process within memory and time limits.

A PDF is untrusted: a few kilobytes of compressed stream can inflate to
gigabytes (pdfminer.six inflates without a bound), and a page can be made
to cost minutes. pdftext.py therefore never runs in the build's own
process: `limited_pdf_text` starts a child Python that lowers its own
limits (address space, CPU time) before it imports pdfminer or reads a
byte, extracts, and answers in JSON on its standard output. A child that
runs out of memory, exceeds its time or dies says so as a PdfTextError,
never a traceback, and the build goes on. The text cache (textcache.py)
means a PDF pays this once. A web page goes through the same child when it
is over CHILD_HTML_BYTES: trafilatura's time grows faster than the page
(0.8 MB takes a second, 12 MB a minute and a half), and a smaller page is
read in-process, where a child's start would cost more than the page.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from generator.load.pdftext import PdfTextError, pdf_text

# Web pages over this size are read in the child (see above); the 5 MB test page takes some 4 s.
CHILD_HTML_BYTES = 1024 * 1024
# CPU seconds a web page may take in the child: a news article is read in well under a second.
HTML_CPU_LIMIT_SECONDS = 60

# Address space the child may use: the interpreter and pdfminer take about 100 MB, a
# 2,000-page PDF's layout a few hundred more; a compressed-data bomb is stopped here.
MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024
# CPU seconds the child may take: a long report takes some 0.2 s a page (bench/extract_bench.py).
CPU_LIMIT_SECONDS = 300
# Wall-clock time before the child is stopped, as a multiple of its CPU limit (a busy machine
# runs it slower than its CPU time).
WALL_PER_CPU = 2
# The folder that holds the `generator` package, for the child's imports.
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])

Result = tuple[str, tuple[int, ...], tuple[tuple[str, str], ...]]


def limited_pdf_text(data: bytes, memory: int = MEMORY_LIMIT_BYTES, seconds: int = CPU_LIMIT_SECONDS) -> Result:
    """pdf_text(data), run in a child within `memory` bytes and `seconds` of CPU; PdfTextError else."""
    return _limited("pdf", data, memory, seconds)


def limited_html_text(
    data: bytes, memory: int = MEMORY_LIMIT_BYTES, seconds: int = HTML_CPU_LIMIT_SECONDS
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """html_text(decode_html(data)) in a child within the limits (a problem as a PdfTextError).
    Only for pages over CHILD_HTML_BYTES: see the module's docstring."""
    text, _, metadata = _limited("html", data, memory, seconds)
    return text, metadata


def _limited(kind: str, data: bytes, memory: int, seconds: int) -> Result:
    # -I: the child imports nothing from the working folder or the user's site-packages, and reads
    # no PYTHON* variable; the package's own folder is put on its path by the code itself.
    code = (
        f"import sys; sys.path.insert(0, {_PACKAGE_PARENT!r}); "
        f"from generator.load.sandbox import child; child({kind!r}, {memory}, {seconds})"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="factsite-extract-") as scratch:
            done = subprocess.run(
                [sys.executable, "-I", "-c", code],
                input=data,
                capture_output=True,
                timeout=seconds * WALL_PER_CPU,
                cwd=scratch,
                env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8"},
                check=False,
            )
    except subprocess.TimeoutExpired:
        raise _too_costly(f"took more than {seconds * WALL_PER_CPU:,} seconds to read") from None
    answer = _answer(done.stdout)
    if answer is None:
        raise _too_costly(
            f"could not be read within {memory // (1024 * 1024):,} MB of memory and {seconds:,} s"
            f" (the reader stopped: {_stopped(done.returncode)})"
        )
    if "error" in answer:
        raise PdfTextError(*answer["error"])
    text, pages, metadata = answer["text"], answer["pages"], answer["metadata"]
    return text, tuple(pages), tuple((key, value) for key, value in metadata)


def child(kind: str, memory: int, seconds: int) -> None:
    """In the child: lower the limits, read the document from stdin, write the answer as JSON to stdout."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    except (ValueError, OSError):  # a system without these limits: read the PDF without them
        pass
    data = sys.stdin.buffer.read()
    from generator.load.htmltext import HtmlTextError, decode_html, html_text

    try:
        if kind == "pdf":
            text, pages, metadata = pdf_text(data)
        else:
            (text, metadata), pages = html_text(decode_html(data)), ()
        answer: dict[str, Any] = {"text": text, "pages": list(pages), "metadata": [list(m) for m in metadata]}
    except (PdfTextError, HtmlTextError) as problem:
        answer = {"error": [problem.code, problem.detail, problem.hint]}
    except MemoryError:
        sys.exit(3)  # no answer: the parent reports the limit
    except Exception as exc:  # pdfminer's errors on a broken or hostile file are many: all are reported
        answer = {"error": ["corrupt-file", f"is truncated or corrupt ({type(exc).__name__})", CORRUPT_HINT]}
    sys.stdout.write(json.dumps(answer))


CORRUPT_HINT = "download or save the PDF again, and check that it opens in a PDF viewer"


def _answer(stdout: bytes) -> dict[str, Any] | None:
    try:
        answer = json.loads(stdout)
    except ValueError:
        return None
    return answer if isinstance(answer, dict) and ("error" in answer or "text" in answer) else None


def _stopped(returncode: int) -> str:
    if returncode < 0:
        return f"signal {-returncode}"
    return "out of memory" if returncode == 3 else f"exit status {returncode}"


def _too_costly(detail: str) -> PdfTextError:
    return PdfTextError(
        "too-large",
        detail,
        "it may be built to exhaust the reader (a compressed-data bomb, endless markup) or simply be very "
        "large: save a smaller copy (the part you quote)",
    )
