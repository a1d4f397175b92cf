"""History benchmark: what reading the claims' git history adds to loading a project.

    .venv/bin/python bench/history_bench.py                    # 5,000 claims, 4 commits, 5 runs
    .venv/bin/python bench/history_bench.py --claims 1000 --runs 3

It writes a synthetic project (bench/synth.py) into a git repository of
its own, with --commits commits: the first adds every claim, each later
one edits a tenth of them (a summary) and changes the verdict of a
hundredth. Then, interleaved, each a fresh process: `load_project` with
the history off (FACTSITE_HISTORY=off) and on; it prints the medians
(wall and CPU seconds) and the ratio on/off. The history is read with two
`git log` calls for all of claims/, however many claims there are.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_project  # noqa: E402

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
    "GIT_CONFIG_GLOBAL": "/dev/null",
}
LOAD = (
    "import time, resource; from pathlib import Path; from generator.anchor.project import load_project; "
    "t = time.perf_counter(); p, d = load_project(Path('.')); w = time.perf_counter() - t; "
    "r = resource.getrusage(resource.RUSAGE_SELF); "
    "print(w, r.ru_utime + r.ru_stime, sum(len(c.history) for c in p.claims))"
)


def git(root: Path, *args: str, date: str) -> None:
    env = os.environ | GIT_ENV | {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def make_repo(work: Path, claims: int, commits: int) -> Path:
    root = write_project(work / "project", claims)
    git(root, "init", "-q", "-b", "main", date="2026-11-01T00:00:00Z")
    git(root, "add", "-A", date="2026-11-01T00:00:00Z")
    git(root, "commit", "-q", "-m", "Claims", date="2026-11-01T00:00:00Z")
    files = sorted((root / "claims").glob("*.yml"))
    files = [f for f in files if f.name not in ("tags.yml", "people.yml")]
    for n in range(1, commits):
        for i, path in enumerate(files):
            if i % 10 == n % 10:
                text = path.read_text("utf-8")
                path.write_text(text.replace("summary: ", f"summary: Edit {n}. ", 1), "utf-8")
        date = f"2026-11-{1 + n:02}T00:00:00Z"
        git(root, "commit", "-q", "-a", "-m", f"Edit {n}", date=date)
    return root


def run(root: Path, history: str) -> tuple[float, float, int]:
    env = os.environ | {"FACTSITE_HISTORY": history, "FACTSITE_CACHE_DIR": str(root.parent / "cache")}
    done = subprocess.run([sys.executable, "-c", LOAD], cwd=root, env=env, check=True, capture_output=True, text=True)
    wall, cpu, revisions = done.stdout.split()
    return float(wall), float(cpu), int(revisions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=4)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = make_repo(Path(work), args.claims, args.commits)
        off, on = [], []
        for _ in range(args.runs):  # interleaved: the machine's noise falls on both alike
            off.append(run(root, "off"))
            on.append(run(root, "on"))
    revisions = on[0][2]
    for name, index in (("wall", 0), ("cpu", 1)):
        a, b = statistics.median(r[index] for r in off), statistics.median(r[index] for r in on)
        print(f"load_project {name}: history off {a:.2f} s, on {b:.2f} s, ratio {b / a:.3f} (+{b - a:.2f} s)")
    print(f"{args.claims} claims, {args.commits} commits, {revisions} revisions read")


if __name__ == "__main__":
    main()
