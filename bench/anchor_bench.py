"""Benchmark of the anchoring engine (a script, not a test).

    python bench/anchor_bench.py

Builds, deterministically (seeded), a synthetic corpus of prose with
paragraphs, curly quotes, apostrophes and dashes, and quotes drawn from it
(some perturbed as editors perturb them: straight quotes, hyphens, line
breaks, double spaces, an omitted middle). Then times, median of RUNS runs:

* preparation: SourceText(text) for every document (done once per source);
* resolution: locate(prepared source, quote) for every quote;
* the floor: text.find(quote) for every quote, as the editor wrote it, in
  its raw document: the least any search for those quotes must do (one
  scan, no normalisation, no second-occurrence check, no result objects),
  timed the same way. The target is resolution within TARGET_RATIO of it.
* for reference, text.find(the source's exact text of each quote): a find
  that stops at the first hit, where resolution must scan the whole text
  to prove that the quote occurs once (twice the scan, by construction);
* a near-miss suggestion (nearest) for mangled quotes in 10 KB documents.

The ratios are computed per interleaved run (resolution and floor timed
back to back, so both see the machine alike) and given as the median and
the range over the runs: this machine is shared, and its speed varies.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.anchor.locate import Ambiguous, Match, locate  # noqa: E402
from generator.anchor.nearmiss import nearest  # noqa: E402
from generator.anchor.text import SourceText  # noqa: E402

SEED = 20250508
DOCUMENTS = 2_000
DOCUMENT_CHARS = 5_000  # 2,000 x 5 KB = 10 MB
QUOTES = 20_000
PERTURBED_SHARE = 0.3  # quotes typed rather than pasted
GAPPED_SHARE = 0.03  # quotes with an omitted middle
RUNS = 9
NEAR_MISS_DOC_CHARS = 10_000
NEAR_MISS_QUOTES = 50
TARGET_RATIO = 3.0  # resolution per quote vs the floor
TARGET_NEAR_MISS_MS = 50.0

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "to",
    "vi",
    "an",
    "el",
    "or",
    "us",
    "ber",
    "con",
    "dis",
    "ent",
    "gra",
    "ish",
    "mon",
    "pol",
    "qua",
    "str",
    "tor",
    "ven",
    "wal",
    "yes",
]


def vocabulary(rng: random.Random, size: int = 6_000) -> list[str]:
    words = {"".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))) for _ in range(size * 2)}
    return sorted(words)[:size]


def sentence(rng: random.Random, vocab: list[str]) -> str:
    words = [
        vocab[min(int(rng.paretovariate(0.9)) - 1, len(vocab) - 1)] if rng.random() < 0.5 else rng.choice(vocab)
        for _ in range(rng.randint(8, 24))
    ]
    words[0] = words[0].capitalize()
    if rng.random() < 0.3:
        i = rng.randrange(len(words) - 3)
        words[i], words[i + 2] = "\u201c" + words[i], words[i + 2] + "\u201d"
    if rng.random() < 0.2:
        words[rng.randrange(len(words))] += "\u2019s"
    if rng.random() < 0.15:
        words.insert(rng.randrange(1, len(words)), "\u2014")
    return " ".join(words) + rng.choice(".....?!")


def document(rng: random.Random, vocab: list[str]) -> str:
    separator = "\n" if rng.random() < 0.2 else "\n\n"
    paragraphs: list[str] = []
    size = 0
    while size < DOCUMENT_CHARS:
        paragraph = " ".join(sentence(rng, vocab) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        size += len(paragraph) + len(separator)
    return separator.join(paragraphs)


def perturb(rng: random.Random, quote: str) -> str:
    quote = quote.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    quote = quote.replace("\u2014", "-")
    words = quote.split(" ")
    for _ in range(rng.randint(0, 2)):
        i = rng.randrange(len(words))
        words[i] += rng.choice(["\n", " ", "\u00a0"])
    return " ".join(words)


def gapped(rng: random.Random, quote: str) -> str:
    words = quote.split(" ")
    if len(words) < 9:
        return quote
    cut = rng.randint(3, len(words) - 5)
    return " ".join(words[:cut]) + " ... " + " ".join(words[cut + 2 :])


def draw_quote(rng: random.Random, text: str) -> tuple[str, str]:
    """(the quote as the editor wrote it, the exact source substring)."""
    paragraphs = [p for p in text.split("\n") if len(p.split(" ")) > 30]
    words = rng.choice(paragraphs).split(" ")
    start = rng.randrange(len(words) - 26)
    original = " ".join(words[start : start + rng.randint(6, 25)])
    roll = rng.random()
    if roll < GAPPED_SHARE:
        return gapped(rng, original), original
    if roll < GAPPED_SHARE + PERTURBED_SHARE:
        return perturb(rng, original), original
    return original, original


def corpus() -> tuple[list[str], list[tuple[int, str, str]]]:
    rng = random.Random(SEED)
    vocab = vocabulary(rng)
    docs = [document(rng, vocab) for _ in range(DOCUMENTS)]
    quotes = []
    for _ in range(QUOTES):
        k = rng.randrange(DOCUMENTS)
        quotes.append((k, *draw_quote(rng, docs[k])))
    return docs, quotes


def cpu_time(run: Callable[[], object]) -> float:
    """CPU seconds of this process for one call: other processes on the
    machine slow the wall clock, not this."""
    t0 = time.process_time()
    run()
    return time.process_time() - t0


def timed_runs(*runs: Callable[[], object]) -> list[list[float]]:
    """RUNS timings of each callable, interleaved so that the machine's
    state (caches, frequency, other processes) affects each alike."""
    samples: list[list[float]] = [[] for _ in runs]
    for _ in range(RUNS):
        for run, times in zip(runs, samples):
            times.append(cpu_time(run))
    return samples


def median_times(*runs: Callable[[], object]) -> list[float]:
    """Median of RUNS interleaved timings of each callable."""
    return [statistics.median(times) for times in timed_runs(*runs)]


def bench_exact(docs: list[str], quotes: list[tuple[int, str, str]]) -> None:
    (prep,) = median_times(lambda: [SourceText(d) for d in docs])
    sources = [SourceText(d) for d in docs]
    pairs = [(sources[k], q) for k, q, _ in quotes]
    raw = [(docs[k], q) for k, q, _ in quotes]
    exact = [(docs[k], original) for k, _, original in quotes]
    results: list[object] = [locate(s, q) for s, q in pairs]
    check(docs, quotes, results)
    counts = Counter(type(r).__name__ for r in results)
    # The harness keeps none of its own objects alive while timing: 20,000
    # results held here would make every garbage collection during the
    # timed runs walk them, a cost of the harness, not of resolution.
    del results
    samples = timed_runs(
        lambda: [locate(s, q) for s, q in pairs],
        lambda: [d.find(q) for d, q in raw],
        lambda: [d.find(q) for d, q in exact],
    )
    report_exact(docs, quotes, counts, prep, samples)


def check(docs: list[str], quotes: list[tuple[int, str, str]], results: list[object]) -> None:
    """Every match must be the quote's own span: its exact original text
    (for gapped quotes: a span that starts and ends like the original)."""
    for (k, quote, original), result in zip(quotes, results):
        if isinstance(result, Match):
            found = docs[k][result.span.start : result.span.end]
            ok = (
                found == original
                if len(result.span.parts) == 1
                else original.startswith(found[:10]) and original.endswith(found[-10:])
            )
            assert ok, (quote, found, original)


def report_exact(
    docs: list[str], quotes: list[tuple[int, str, str]], counts: Counter[str], prep: float, samples: list[list[float]]
) -> None:
    n = len(quotes)
    resolved, floor_given, floor_exact = (statistics.median(times) for times in samples)
    matches, ambiguous = counts[Match.__name__], counts[Ambiguous.__name__]
    print(
        f"corpus: {len(docs):,} documents, {sum(map(len, docs)) / 1e6:.1f} M chars; "
        f"{n:,} quotes ({matches:,} matched, {ambiguous:,} ambiguous, {n - matches - ambiguous:,} other)"
    )
    print(
        f"prepare sources (SourceText, once per source): {prep:.3f} s "
        f"({sum(map(len, docs)) / prep / 1e6:.1f} M chars/s)"
    )
    print(
        f"resolve (per quote, prepared source):          {resolved / n * 1e6:6.2f} us/quote  "
        f"{n / resolved:>10,.0f} quotes/s"
    )
    print(
        f"floor: str.find(quote as written) in its text: {floor_given / n * 1e6:6.2f} us/quote  "
        f"{n / floor_given:>10,.0f} quotes/s"
    )
    print(
        f"reference: str.find(the source's exact text):  {floor_exact / n * 1e6:6.2f} us/quote  "
        f"{n / floor_exact:>10,.0f} quotes/s"
    )
    given = sorted(r / f for r, f in zip(samples[0], samples[1]))
    exact = sorted(r / f for r, f in zip(samples[0], samples[2]))
    ratio = statistics.median(given)
    print(
        f"ratio resolve / floor: {ratio:.2f}x (median of {RUNS} runs; {given[0]:.2f}-{given[-1]:.2f}); "
        f"target <= {TARGET_RATIO:.0f}x: {'met' if ratio <= TARGET_RATIO else 'NOT met'}"
    )
    print(
        f"ratio resolve / exact-text find: {statistics.median(exact):.2f}x ({exact[0]:.2f}-{exact[-1]:.2f}): "
        "a find stops at the first hit, resolution scans the whole text to prove the quote occurs once"
    )
    print(
        f"end to end, preparing every source and resolving every quote: {(prep + resolved) / n * 1e6:.2f} us/quote "
        f"({len(quotes) / len(docs):.0f} quotes per source)"
    )


def bench_near_miss(docs: list[str]) -> None:
    rng = random.Random(SEED + 1)
    times = []
    found = 0
    for _ in range(NEAR_MISS_QUOTES):
        text = "\n\n".join(rng.sample(docs, 3))[:NEAR_MISS_DOC_CHARS]
        source = SourceText(text)
        start = rng.randrange(len(text) - 200)
        quote = "".join(c if rng.random() > 0.05 else "#" for c in text[start : start + rng.randint(40, 200)])
        t0 = time.perf_counter()
        found += nearest(source, quote) is not None
        times.append(time.perf_counter() - t0)  # wall clock: one call is too short for CPU time
    median_ms = statistics.median(times) * 1000
    print(
        f"near miss (nearest) on a {NEAR_MISS_DOC_CHARS // 1000} KB document, {NEAR_MISS_QUOTES} quotes "
        f"with ~5% of chars changed: median {median_ms:.2f} ms, max {max(times) * 1000:.2f} ms, "
        f"{found} suggested; target < {TARGET_NEAR_MISS_MS:.0f} ms: "
        f"{'met' if median_ms < TARGET_NEAR_MISS_MS else 'NOT met'}"
    )


def main() -> None:
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores; single-threaded; "
        f"times are this process's CPU time, medians of {RUNS} interleaved runs"
    )
    t0 = time.perf_counter()
    docs, quotes = corpus()
    print(f"corpus built in {time.perf_counter() - t0:.1f} s (seed {SEED})")
    bench_exact(docs, quotes)
    bench_near_miss(docs)


if __name__ == "__main__":
    main()
