"""Speed of `factsite suggest` (issue 21): `find_leads` on 100 to 1,000 synthetic sources of about 5 KB.

    .venv/bin/python bench/suggest_bench.py                    # 100, 200, 500, 1000 sources, 3 runs
    .venv/bin/python bench/suggest_bench.py --sizes 100 1000 --runs 1
    .venv/bin/python bench/suggest_bench.py --keep             # keep the projects under --work

For each size it writes a project (seeds/*.txt, seeds/sources.yml with
checksums, an empty claims/): news-like articles about a pool of stories,
each story a meeting, a strike, a fire or a summit with its place, its
people, its date and weekday, a length of talks, a count of people, an
amount of money and a remark by a named speaker. Each article tells two or
three stories in sentences drawn from templates, with figures in digits or
in words ("two dozen", "three-and-a-half hours", "a week"), and fills the
rest with background sentences that share the common names (ministers,
capitals) of every story; about one fact in six is changed in an article
(another figure, another weekday, another speaker, another wording of the
remark): the disagreements the engine is there to find. The pool of
stories grows with the number of articles (STORY_ARTICLES articles per
story on average), as a desk's would: fifty articles about one story would
make the leads themselves grow with the square of the articles.

Deterministic: the same size and `--seed` give the same bytes.

Each timing is a fresh process that loads the project (untimed), then
times `find_leads(project)` (wall and CPU); sizes are interleaved within
each run and the medians printed, with the time per source, the ratio
t(largest)/t(smallest) beside what linear and quadratic growth would give,
and whether 1,000 sources took at most 60 s (the issue's limit).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 20251207
SIZES = (100, 200, 500, 1000)
RUNS = 3
# About the size of a news report (the "sources of 5 KB").
ARTICLE_BYTES = 5_000
# Stories per article, and articles per story on average (the pool grows with the corpus).
STORIES_PER_ARTICLE = (2, 3)
STORY_ARTICLES = 8
# The share of an article's story facts given differently from the story's own.
CHANGED_SHARE = 1 / 6
# The limit for 1,000 sources on this 2-core machine.
LIMIT_SECONDS = 60.0
LIMIT_SIZE = 1000
# A run that takes longer than this is stopped and reported as such.
RUN_TIMEOUT = 900
TIMER = (
    "import json, resource, sys, time; from pathlib import Path; "
    "from generator.anchor.project import load_project; from generator.suggest.find import find_leads; "
    "p, d = load_project(Path(sys.argv[1])); "
    "r0 = resource.getrusage(resource.RUSAGE_SELF); t = time.perf_counter(); leads = find_leads(p); "
    "w = time.perf_counter() - t; r = resource.getrusage(resource.RUSAGE_SELF); "
    "print(json.dumps({'wall': w, 'cpu': r.ru_utime + r.ru_stime - r0.ru_utime - r0.ru_stime, "
    "'leads': len(leads), 'errors': sum(x.is_error for x in d), 'rss_mb': r.ru_maxrss / 1024}))"
)

SYLLABLES = "ka lo ri va ne sto bre mar hal den os vik tor lin ska ber gen dal mo ra fel ul an ir".split()
FIRST = "Anna Lars Irma Jens Maja Otto Petra Tomas Greta Ivo Lena Marta Paolo Ole Karin Nils Eva Aron".split()
ROLES = ("foreign minister", "prime minister", "president", "mayor", "union leader", "chief executive", "governor")
TOPICS = ("trade talks", "port strike", "museum fire", "forest summit", "rail link", "energy deal", "flood relief")
COMMON = ("the finance minister", "the capital", "the central bank", "the European Commission", "the president")
WORD_NUMBERS = {12: "a dozen", 24: "two dozen", 36: "three dozen", 20: "twenty", 30: "thirty", 50: "fifty"}
WORD_HOURS = {3.5: "three-and-a-half hours", 2.5: "two-and-a-half hours", 4: "four hours", 6: "six hours"}
REPAIRS = ("a week", "ten days", "a fortnight")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = "January February March April May June July August September October November December".split()
REMARKS = (
    (
        "We will not sign an agreement our children would be ashamed of",
        "We shall not put our name to a deal that would shame our children",
    ),
    ("The door to talks remains open", "The door remains open for negotiations"),
    ("Our workers come first", "The workers must come before everything else"),
    ("This is a partnership of equals", "This partnership is one between equals"),
    ("Nobody will lose their job", "No jobs will be lost"),
)
# Background sentences name the article's own places: in a desk's corpus most sentences are about
# the article's stories, and only the common names (COMMON) are shared by every article.
BACKGROUND = (
    "Prices of {thing} in {place} rose by {pct} per cent in {month}, {common} said.",
    "{common} has promised to publish figures for {place} by the end of {month}.",
    "Analysts said the {thing} market in {place} had been unsettled for {n} weeks.",
    "Opposition politicians in {place} asked for a debate on the {thing} supply.",
    "The {thing} exports of {place} fell to {n} million euros last year.",
    "{Name} {Surname}, an economist in {place}, said the outlook remained uncertain.",
    "Talks between {common} and the unions of {place} are expected to continue next week.",
    "Local newspapers in {place} reported long queues at the {thing} depots.",
    "Residents of {place} have complained about the noise from the {thing} works since {month}.",
    "The council of {place} voted {n} to {pct} to delay a decision on the {thing} contract.",
    "{Name} {Surname}, who runs a {thing} business in {place}, said orders had fallen.",
    "A spokesman for {common} declined to comment on the situation in {place}.",
    "Schools in {place} stayed open, although {n} teachers were absent on the first day.",
    "The {thing} terminal of {place} handled {n} thousand tonnes in {month}, a record.",
    "Police in {place} said {n} people had been questioned about the {thing} thefts.",
    "Farmers near {place} said the {thing} harvest was the worst in {pct} years.",
)
THINGS = ("grain", "steel", "timber", "fish", "gas", "coal", "fertiliser", "cement")


@dataclass(frozen=True)
class Story:
    """One event and its facts, as the articles that report it tell it (some of them differently)."""

    place: str
    topic: str
    speaker: str
    role: str
    other: str
    day: date
    hours: float
    people: int
    amount: int
    remark: int  # an index into REMARKS
    repairs: int  # an index into REPAIRS


def name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def story(rng: random.Random) -> Story:
    person = f"{rng.choice(FIRST)} {name(rng, 3)}"
    return Story(
        place=name(rng),
        topic=rng.choice(TOPICS),
        speaker=person,
        role=rng.choice(ROLES),
        other=f"{rng.choice(FIRST)} {name(rng, 3)}",
        day=date(2025, 1, 1) + timedelta(days=rng.randrange(360)),
        hours=rng.choice((2, 2.5, 3, 3.5, 4, 5, 6)),
        people=rng.choice((12, 20, 24, 30, 36, 50, 80, 120, 240)),
        amount=rng.randrange(20, 900),
        remark=rng.randrange(len(REMARKS)),
        repairs=rng.randrange(len(REPAIRS)),
    )


def changed(rng: random.Random) -> bool:
    return rng.random() < CHANGED_SHARE


def story_sentences(rng: random.Random, s: Story) -> list[str]:
    """The story told once, each fact as this article gives it (changed in about one in six)."""
    day = s.day + timedelta(days=1) if changed(rng) else s.day
    weekday = WEEKDAYS[day.weekday()]
    hours = s.hours + rng.choice((-1, -0.5, 0.5, 1)) if changed(rng) else s.hours
    people = s.people + rng.choice((-6, -4, 4, 6, 10)) if changed(rng) else s.people
    amount = s.amount + rng.choice((-50, -20, 30, 100)) if changed(rng) else s.amount
    speaker = s.other if changed(rng) else s.speaker
    remark = REMARKS[s.remark][1 if changed(rng) else 0]
    repairs = REPAIRS[(s.repairs + 1) % len(REPAIRS)] if changed(rng) else REPAIRS[s.repairs]
    when = f"on {weekday}, {day.day} {MONTHS[day.month - 1]}" if rng.random() < 0.5 else f"on {weekday}"
    length = WORD_HOURS.get(hours, f"{hours:g} hours") if rng.random() < 0.5 else f"{hours:g} hours"
    count = WORD_NUMBERS.get(people, str(people)) if rng.random() < 0.5 else str(people)
    return [
        f"{s.speaker}, the {s.role} of {s.place}, met {s.other} {when} for the {s.topic}.",
        f"The talks in {s.place} lasted {length}, officials said.",
        f"About {count} delegates attended the {s.topic} in {s.place}, according to the organisers.",
        f"The plan agreed in {s.place} will cost {amount} million euros, {rng.choice(COMMON)} said.",
        f"“{remark},” {speaker} told reporters in {s.place}.",
        f"Repairs after the {s.topic} will take {repairs}, {s.place} officials said.",
    ]


def background(rng: random.Random, places: list[str]) -> str:
    text = rng.choice(BACKGROUND).format(
        thing=rng.choice(THINGS),
        pct=rng.randint(2, 40),
        month=rng.choice(MONTHS),
        common=rng.choice(COMMON),
        n=rng.randint(2, 90),
        place=rng.choice(places),
        Name=rng.choice(FIRST),
        Surname=name(rng, 3),
    )
    return text[0].upper() + text[1:]


def article(rng: random.Random, stories: list[Story]) -> str:
    told = rng.sample(stories, rng.randint(*STORIES_PER_ARTICLE))
    sentences = [x for s in told for x in rng.sample(story_sentences(rng, s), 4)]
    places = [s.place for s in told]
    paragraphs: list[str] = [f"{told[0].topic.capitalize()} in {told[0].place}"]
    while sum(len(p.encode()) + 2 for p in paragraphs) < ARTICLE_BYTES:
        para = [background(rng, places) for _ in range(rng.randint(1, 3))]
        if sentences:
            para.insert(rng.randrange(len(para) + 1), sentences.pop())
        paragraphs.append(" ".join(para))
    return "\n\n".join(paragraphs) + "\n"


def write_project(root: Path, size: int, seed: int) -> Path:
    """A project of `size` articles under `root` (replaced), deterministic for (size, seed)."""
    rng = random.Random(f"{seed}-{size}")
    stories = [story(rng) for _ in range(max(4, size * max(STORIES_PER_ARTICLE) // STORY_ARTICLES))]
    if root.exists():
        shutil.rmtree(root)
    (root / "seeds").mkdir(parents=True)
    (root / "claims").mkdir()
    entries = ["sources:"]
    for n in range(size):
        text = article(rng, stories)
        path = root / "seeds" / f"article-{n:05}.txt"
        path.write_text(text, "utf-8")
        published = (date(2025, 1, 1) + timedelta(days=rng.randrange(365))).isoformat()
        entries += [
            f"  - id: article-{n:05}",
            f"    file: {path.name}",
            f"    title: {json.dumps(text.split(chr(10))[0])}",
            f'    outlet: "Outlet {n % 40}"',
            '    url: ""',
            f'    published: "{published}"',
            f"    sha256: {hashlib.sha256(path.read_bytes()).hexdigest()}",
            '    notes: ""',
        ]
    (root / "seeds" / "sources.yml").write_text("\n".join(entries) + "\n", "utf-8")
    return root


def run(root: Path, cache: Path) -> dict[str, float] | None:
    """One timing in a fresh process, or None when it ran out of time."""
    env = os.environ | {"FACTSITE_HISTORY": "off", "FACTSITE_CACHE_DIR": str(cache)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", TIMER, str(root)],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "factsite-bench")
    parser.add_argument("--keep", action="store_true", help="keep the projects under --work")
    args = parser.parse_args()
    if not (REPO / "generator" / "suggest" / "find.py").exists():
        print("generator/suggest/find.py does not exist yet: nothing to time", file=sys.stderr)
        return 2
    sizes = sorted(set(args.sizes))
    work = args.work / "suggest"
    roots = {n: write_project(work / f"sources-{n}", n, args.seed) for n in sizes}
    results: dict[int, list[dict[str, float] | None]] = {n: [] for n in sizes}
    for _ in range(args.runs):  # interleaved: the machine's noise falls on every size alike
        for n in sizes:
            results[n].append(run(roots[n], work / "cache"))
    if not args.keep:
        shutil.rmtree(work)
    return report(sizes, results)


def report(sizes: list[int], results: dict[int, list[dict[str, float] | None]]) -> int:
    medians: dict[int, float] = {}
    print(f"{'sources':>8} {'wall s':>8} {'cpu s':>8} {'ms/source':>10} {'leads':>7} {'max RSS MB':>11}")
    for n in sizes:
        done = [r for r in results[n] if r is not None]
        if len(done) < len(results[n]):
            print(f"{n:>8} {len(results[n]) - len(done)} run(s) stopped after {RUN_TIMEOUT} s")
        if not done:
            continue
        wall = statistics.median(r["wall"] for r in done)
        cpu = statistics.median(r["cpu"] for r in done)
        medians[n] = wall
        rss = max(r["rss_mb"] for r in done)
        leads = int(done[0]["leads"])
        print(f"{n:>8} {wall:>8.2f} {cpu:>8.2f} {1000 * wall / n:>10.2f} {leads:>7} {rss:>11.0f}")
        if any(r["errors"] for r in done):
            print(f"{n:>8} the project loaded with errors: the figures are not meaningful")
    low, high = min(medians, default=0), max(medians, default=0)
    if low and high > low:
        ratio = medians[high] / medians[low]
        scale = high / low
        print(
            f"t({high})/t({low}) = {ratio:.1f}; linear would be {scale:.0f}x, quadratic {scale * scale:.0f}x"
            f" (growth exponent {_exponent(ratio, scale):.2f})"
        )
    if LIMIT_SIZE in results:
        took = medians.get(LIMIT_SIZE)
        ok = took is not None and took <= LIMIT_SECONDS
        shown = f"{took:.1f} s" if took is not None else f"over {RUN_TIMEOUT} s"
        print(f"{LIMIT_SIZE} sources: {shown}, limit {LIMIT_SECONDS:.0f} s: {'within' if ok else 'OVER'}")
        return 0 if ok else 1
    return 0


def _exponent(ratio: float, scale: float) -> float:
    """k in t ~ n**k: 1 for linear growth, 2 for quadratic."""
    import math

    return math.log(ratio) / math.log(scale)


if __name__ == "__main__":
    sys.exit(main())
