"""The `factsite` command: a thin adapter over the pipeline.

Each command is a module of this folder with a `run(args)` function; it is
imported only when the command runs (a `factsite check` never imports
MkDocs). Content problems are printed as diagnostics (exit 1); a usage
mistake is one line on stderr (exit 2); nothing a user does prints a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable

from generator import __version__
from generator.cli.usage import UsageError
from generator.suggest.lead import KINDS

# How many leads `factsite suggest` shows: a screenful of the strongest; more is a list nobody
# reads to the end (--limit 0 shows them all).
DEFAULT_LIMIT = 20

# Each command: its module (generator.cli.<name>, which has `run(args) -> int`), summary and examples.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": (
        "validate the registry and claims and resolve every quote",
        "examples:\n  factsite check\n  factsite check claims/talks-duration.yml --format json\n"
        "  factsite check --format github   # annotations in a GitHub Actions log",
    ),
    "fix": (
        "replace near-miss quotes with the source's exact text",
        "examples:\n  factsite fix                    # show the replacements\n"
        "  factsite fix claims/x.yml --write   # rewrite only those quote values",
    ),
    "quote": (
        "show where a text occurs in a source, or the closest passage",
        "examples:\n  factsite quote friends-of-steel 'three-and-a-half hour meeting'",
    ),
    "diff": (
        "summarise what changed in the claims and sources between two git revisions",
        "examples:\n  factsite diff main                  # main against HEAD, as Markdown\n"
        "  factsite diff main my-branch --base-url https://example.org/pr-preview/pr-7/\n"
        "  factsite diff v1 v2 --format json",
    ),
    "new": (
        "start a claim file from a template (never overwrites)",
        "examples:\n  factsite new talks-lasted-four-hours\n"
        "  factsite new talks-lasted-four-hours --claim 'The talks lasted four hours.' "
        "--source friends-of-steel\n"
        "  factsite new talks-length --from-lead 3   # the excerpts of lead 3 of `factsite suggest`",
    ),
    "suggest": (
        "list the places where the sources seem to disagree (numbers, dates, speakers...), for an editor to check",
        f"examples:\n  factsite suggest                       # the first {DEFAULT_LIMIT} leads, open ones first\n"
        "  factsite suggest --new-only --kind date --kind number\n"
        "  factsite suggest --source friends-of-steel --format markdown   # for a pull request comment\n"
        "  factsite suggest --limit 0 --format json",
    ),
    "build": (
        "build the site into site/, replacing it whole and at once (what `make site` runs)",
        "examples:\n  factsite build                  # mkdocs build --strict into site/, atomically\n"
        "  factsite build --site-dir public",
    ),
    "verify": (
        "check a built site (from any engine) for every claim and source page, the data files and dead links",
        "examples:\n  factsite verify site            # after `factsite build` (what `make site` runs)\n"
        "  factsite verify public --format github",
    ),
    "generate": (
        "write the site's generated Markdown and JSON to a folder, for inspection",
        "examples:\n  factsite generate --out out/   # what `mkdocs build` adds to the site, in memory",
    ),
    "sources": (
        "record the new checksums of changed sources, once every quote citing them still resolves",
        "examples:\n  factsite sources accept                    # every changed source\n"
        "  factsite sources accept friends-of-steel   # only this one",
    ),
    "schema": (
        "write the claim schema with this project's source ids and tags, for editor completion",
        "examples:\n  factsite schema   # writes .factsite/schemas/claim.schema.json; run it again after\n"
        "                    # adding a source or a tag (`make schema` runs it)",
    ),
    "add-source": (
        "copy a text file, saved web page or PDF into seeds/ and register it in seeds/sources.yml",
        "examples:\n  factsite add-source ~/Downloads/bridge.html --id courier-bridge-repairs\n"
        "  factsite add-source report.pdf --id council-report-2024 --url https://example.org/report.pdf\n"
        "  factsite add-source notes.txt --id untitled-memo --label 'Untitled memo (no outlet named)'",
    ),
}


def _add_check(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("paths", nargs="*", metavar="PATH", help="claim files or folders (default: all of claims/)")
    sub.add_argument("--publish", action="store_true", help="check as the publish build does (the site's address)")
    sub.add_argument(
        "--format", choices=("text", "github", "json"), default="text", help="output format (default: text)"
    )


def _add_fix(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("paths", nargs="*", metavar="PATH", help="claim files or folders (default: all of claims/)")
    sub.add_argument("--write", action="store_true", help="rewrite the quotes in the files")


def _add_quote(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("source", metavar="SOURCE", help="a source id from seeds/sources.yml")
    sub.add_argument("text", metavar="TEXT", help="the text to look for")


def _add_diff(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("base", metavar="BASE", help="the revision before (a branch, tag or commit)")
    sub.add_argument("head", metavar="HEAD", nargs="?", default="HEAD", help="the revision after (default: HEAD)")
    sub.add_argument(
        "--format", choices=("markdown", "json"), default="markdown", help="output format (default: markdown)"
    )
    sub.add_argument("--base-url", metavar="URL", help="the site's address, to link each claim to its page")


def _add_new(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("slug", metavar="SLUG", help="the claim's id and file name: claims/SLUG.yml")
    sub.add_argument("--claim", metavar="TEXT", help="the statement checked")
    sub.add_argument("--source", metavar="ID", help="the source of the first excerpt (an id from seeds/sources.yml)")
    sub.add_argument(
        "--from-lead",
        metavar="N|ID",
        help="start from a lead of `factsite suggest`: its rank there (3) or its id (L1a2b3c4); "
        "its excerpts become the evidence",
    )


def _add_suggest(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--source", action="append", metavar="ID", help="only leads with an excerpt from this source (repeatable)"
    )
    sub.add_argument(
        "--kind", action="append", metavar="KIND", help=f"only leads of this kind (repeatable): {', '.join(KINDS)}"
    )
    sub.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="output format (default: text)"
    )
    sub.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, metavar="N", help=f"show N leads (default: {DEFAULT_LIMIT}; 0: all)"
    )
    sub.add_argument("--new-only", action="store_true", help="leave out the leads a claim already covers")


def _add_build(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--site-dir", default="site", metavar="DIR", help="the site folder (default: site)")
    sub.add_argument(
        "--publish", action="store_true", help="the build to publish: it needs the site's address (SITE_URL)"
    )


def _add_verify(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("site_dir", metavar="SITE_DIR", help="the folder the site was built into (e.g. site)")
    sub.add_argument("--publish", action="store_true", help="the build to publish (`build --publish`): no drafts")
    sub.add_argument(
        "--format", choices=("text", "github", "json"), default="text", help="output format (default: text)"
    )


def _add_generate(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--out", required=True, metavar="DIR", help="the folder to write (new, empty, or written by generate before)"
    )


def _add_sources(sub: argparse.ArgumentParser) -> None:
    actions = sub.add_subparsers(dest="action", metavar="ACTION", required=True)
    summary = "set each changed source's sha256 in seeds/sources.yml to its file's, if its quotes all resolve"
    accept = actions.add_parser("accept", help=summary, description=summary[0].upper() + summary[1:] + ".")
    # --root here too, so it may follow `accept`; SUPPRESS keeps the value given before it, or ".".
    accept.add_argument("--root", default=argparse.SUPPRESS, metavar="DIR", help="the project folder (default: .)")
    accept.add_argument("ids", nargs="*", metavar="ID", help="source ids (default: every changed source)")


def _add_schema(sub: argparse.ArgumentParser) -> None:
    """No options: it writes .factsite/schemas/ in the project folder (--root)."""


def _add_add_source(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("path", metavar="PATH", help="the document: a .txt, .html/.htm (a saved web page) or .pdf file")
    sub.add_argument("--id", required=True, metavar="ID", help="the source's id (a slug); the copy is seeds/ID.EXT")
    given = "(default: the document's own, if it gives one)"
    sub.add_argument("--title", metavar="T", help=f"the headline {given}")
    sub.add_argument("--label", metavar="L", help="the name readers see when there is no title (required then)")
    sub.add_argument("--outlet", metavar="O", help=f"the publication {given}")
    sub.add_argument("--author", metavar="A", help=f"the byline {given}")
    sub.add_argument("--url", metavar="URL", help=f"the original's address {given}")
    sub.add_argument("--archive-url", metavar="URL", help="an archived copy (Wayback Machine, perma.cc)")
    sub.add_argument("--published", metavar="YYYY-MM-DD", help=f"the publication date {given}")
    sub.add_argument("--retrieved", metavar="YYYY-MM-DD", help="the day the copy was saved (default: today, UTC)")


ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "check": _add_check,
    "fix": _add_fix,
    "quote": _add_quote,
    "diff": _add_diff,
    "new": _add_new,
    "suggest": _add_suggest,
    "build": _add_build,
    "verify": _add_verify,
    "generate": _add_generate,
    "sources": _add_sources,
    "schema": _add_schema,
    "add-source": _add_add_source,
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="factsite",
        description="A static fact-check microsite generator.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run `factsite COMMAND --help` for a command's options and examples.",
    )
    top.add_argument("--version", action="version", version=f"factsite {__version__}")
    subs = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (summary, examples) in COMMANDS.items():
        sub = subs.add_parser(
            name,
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog=examples,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("--root", default=".", metavar="DIR", help="the project folder (default: .)")
        ARGUMENTS[name](sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        command = importlib.import_module("generator.cli." + args.command.replace("-", "_"))
        return command.run(args)
    except UsageError as exc:
        print(f"factsite {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
