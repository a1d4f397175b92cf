#!/usr/bin/env bash
# Build this project's site with Zensical instead of MkDocs, in a scratch copy, and check it with
# `factsite verify` (issue 20; what it found is in docs/engines.md).
#
#   bench/zensical_try.sh ZENSICAL [PROJECT]
#
# ZENSICAL: the `zensical` command of a venv of its own, never the project's .venv, e.g.
#   python3 -m venv /tmp/zvenv && /tmp/zvenv/bin/pip install zensical==0.0.73
#   bench/zensical_try.sh /tmp/zvenv/bin/zensical
# PROJECT: the project folder (default: .), whose .venv has factsite and Pagefind.
# DIRECTORY_URLS=1 keeps MkDocs' directory URLs (claims/x/), to see the links Zensical breaks.
# The scratch folder is kept and printed at the end; nothing in PROJECT is changed.
set -euo pipefail
zensical=${1:?usage: bench/zensical_try.sh ZENSICAL [PROJECT]}
project=$(cd "${2:-.}" && pwd)
python="$project/.venv/bin/python"
work=$(mktemp -d /tmp/zensical-try.XXXXXX)
tar -C "$project" -c --exclude=./.venv --exclude=./.git --exclude=./site --exclude=./test-artifacts \
  --exclude=./pagefind --exclude=__pycache__ . | tar -x -C "$work"
cd "$work"

# Zensical reads a relative link in raw HTML as relative to the Markdown file and rewrites it for
# the page's URL; the generator writes it relative to the page's URL (as MkDocs leaves raw HTML).
# The two agree only when a page's URL is its file's (claims/x.html), so: no directory URLs, for
# generate and verify (they read mkdocs.yml) and for Zensical alike.
if [ "${DIRECTORY_URLS:-0}" != 1 ]; then
  sed -i 's/^docs_dir: docs$/use_directory_urls: false\n&/' mkdocs.yml
fi

# Every generated page as a file in docs/, the home page with its overview, and each source's
# stored original (which the plugin copies from seeds/ and generate does not write).
"$project/.venv/bin/factsite" generate --out gen
tar -C gen -c --exclude=./_overview.md --exclude=./.factsite-generated . | tar -x -C docs
"$python" - <<'EOF'
import shutil
from pathlib import Path

from generator.anchor.project import build_project
from generator.cli.generate import options_for
from generator.render.plan import build_site, with_overview

site = build_site(build_project(Path(".")), options_for(Path(".")))
home = Path("docs/index.md")
home.write_text(with_overview(home.read_text(encoding="utf-8"), site.overview), encoding="utf-8")
for path, seed in site.originals.items():
    (Path("docs") / path).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path("seeds") / seed, Path("docs") / path)
EOF

# mkdocs.yml without the factsite plugin (Zensical skips it unasked) and without Zensical's own
# search, which it turns on by default: the header's search box is Pagefind's.
sed -e '/^  - factsite$/d' -e 's/^plugins:$/&\n  - search:\n      enabled: false/' mkdocs.yml >zensical.yml
echo "== $("$zensical" --version 2>&1 | tail -1): build"
time "$zensical" build --clean -f zensical.yml
echo "== Pagefind over the built pages' HTML"
time "$python" -m pagefind --site site | tail -6
echo "== factsite verify"
"$project/.venv/bin/factsite" verify site --root . || true
echo "scratch folder: $work"
