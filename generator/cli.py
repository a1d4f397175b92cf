"""The `factsite` command: a thin adapter over the core.

Each command imports what it needs when it runs and calls one function.
Content problems are printed as diagnostics (exit 1); a usage mistake is
one line on stderr (exit 2); nothing a user does prints a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from . import __version__


class UsageError(Exception):
    """A command was called wrongly (bad path, not a project): exit status 2."""


def project_root(value: str) -> Path:
    root = Path(value).resolve()
    if not (root / "claims").is_dir() and not (root / "seeds").is_dir():
        raise UsageError(f"{value} is not a factsite project (it has no claims/ or seeds/ folder); "
                         "use --root DIR")
    return root


def claim_paths(root: Path, given: list[str]) -> list[str] | None:
    """The claim files named by `given` (files or folders), relative to root; None for all."""
    if not given:
        return None
    found: list[str] = []
    for item in given:
        path = Path(item).resolve()
        if not path.exists():
            raise UsageError(f"no such file or folder: {item}")
        if not path.is_relative_to(root):
            raise UsageError(f"{item} is outside the project {root}")
        files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
        found += [f.relative_to(root).as_posix() for f in files if f.is_relative_to(root / "claims")]
    return sorted(set(found))


def _check(args: argparse.Namespace) -> int:
    from .claims import find_claim_files
    from .project import load_project
    from .report import RENDERERS, counts

    root = project_root(args.root)
    only = claim_paths(root, args.paths)
    _, diagnostics = load_project(root, only)
    checked = len(only) if only is not None else len(find_claim_files(root)[0])
    sys.stdout.write(RENDERERS[args.format](diagnostics, checked))
    return 1 if counts(diagnostics)[0] else 0


def _fix(args: argparse.Namespace) -> int:
    from .fix import apply_fixes, describe, find_fixes

    root = project_root(args.root)
    fixes = find_fixes(root, claim_paths(root, args.paths))
    for fix in fixes:
        print(describe(fix))
    if not fixes:
        print("no near-miss quotes to fix")
        return 0
    if not args.write:
        print(f"{len(fixes)} quote{'s' if len(fixes) != 1 else ''} to fix: run with --write to apply")
        return 1
    changed = apply_fixes(root, fixes)
    print(f"fixed {len(fixes)} quote{'s' if len(fixes) != 1 else ''} in {len(changed)} "
          f"file{'s' if len(changed) != 1 else ''}")
    return 0


def _quote(args: argparse.Namespace) -> int:
    from .quote import explain
    from .registry import load_registry
    from .schema import did_you_mean

    sources = load_registry(project_root(args.root))[0] or {}
    source = sources.get(args.source)
    if source is None or source.text is None:
        hint = did_you_mean(args.source, sorted(sources)) or "the ids are in seeds/sources.yml"
        raise UsageError(f"unknown or unreadable source '{args.source}' ({hint})")
    found, message = explain(source.id, source.text, args.text)
    print(message)
    return 0 if found else 1


def _diff(args: argparse.Namespace) -> int:
    from .diff import DiffError, check_base_url, compare, render

    root = project_root(args.root)
    try:
        base_url = check_base_url(args.base_url) if args.base_url else None
        sys.stdout.write(render(compare(root, args.base, args.head), args.format, base_url))
    except DiffError as exc:
        raise UsageError(str(exc)) from None
    return 0


def _new(args: argparse.Namespace) -> int:
    from .new import NewError, create, next_steps
    from .registry import load_registry
    from .schema import did_you_mean

    root = project_root(args.root)
    if args.source is not None and args.source not in (sources := load_registry(root)[0]):
        hint = did_you_mean(args.source, sorted(sources)) or "the ids are in seeds/sources.yml"
        raise UsageError(f"unknown source '{args.source}' ({hint})")
    try:
        rel = create(root, args.slug, args.claim, args.source)
    except NewError as exc:
        raise UsageError(str(exc)) from None
    print(next_steps(rel, args.slug, args.source), end="")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from .claims import find_claim_files
    from .errors import FactsiteError
    from .generate import NotOurs, generate
    from .report import as_text

    root = project_root(args.root)
    try:
        written = generate(root, Path(args.out))
    except FactsiteError as exc:
        sys.stderr.write(as_text(exc.diagnostics, len(find_claim_files(root)[0])))
        return 1
    except NotOurs as exc:
        raise UsageError(str(exc)) from None
    print(f"wrote {len(written)} files to {args.out}")
    return 0


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str, str]] = {
    "check": (_check, "validate the registry and claims and resolve every quote",
              "examples:\n  factsite check\n  factsite check claims/talks-duration.yml --format json\n"
              "  factsite check --format github   # annotations in a GitHub Actions log"),
    "fix": (_fix, "replace near-miss quotes with the source's exact text",
            "examples:\n  factsite fix                    # show the replacements\n"
            "  factsite fix claims/x.yml --write   # rewrite only those quote values"),
    "quote": (_quote, "show where a text occurs in a source, or the closest passage",
              "examples:\n  factsite quote friends-of-steel 'three-and-a-half hour meeting'"),
    "diff": (_diff, "summarise what changed in the claims and sources between two git revisions",
             "examples:\n  factsite diff main                  # main against HEAD, as Markdown\n"
             "  factsite diff main my-branch --base-url https://example.org/pr-preview/pr-7/\n"
             "  factsite diff v1 v2 --format json"),
    "new": (_new, "start a claim file from a template (never overwrites)",
            "examples:\n  factsite new talks-lasted-four-hours\n"
            "  factsite new talks-lasted-four-hours --claim 'The talks lasted four hours.' "
            "--source friends-of-steel"),
    "generate": (_generate, "write the site's generated Markdown and JSON to a folder, for inspection",
                 "examples:\n  factsite generate --out out/   # what `mkdocs build` adds to the site, in memory"),
}


def _add_check(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("paths", nargs="*", metavar="PATH", help="claim files or folders (default: all of claims/)")
    sub.add_argument("--format", choices=("text", "github", "json"), default="text",
                     help="output format (default: text)")


def _add_fix(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("paths", nargs="*", metavar="PATH", help="claim files or folders (default: all of claims/)")
    sub.add_argument("--write", action="store_true", help="rewrite the quotes in the files")


def _add_quote(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("source", metavar="SOURCE", help="a source id from seeds/sources.yml")
    sub.add_argument("text", metavar="TEXT", help="the text to look for")


def _add_diff(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("base", metavar="BASE", help="the revision before (a branch, tag or commit)")
    sub.add_argument("head", metavar="HEAD", nargs="?", default="HEAD", help="the revision after (default: HEAD)")
    sub.add_argument("--format", choices=("markdown", "json"), default="markdown",
                     help="output format (default: markdown)")
    sub.add_argument("--base-url", metavar="URL", help="the site's address, to link each claim to its page")


def _add_new(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("slug", metavar="SLUG", help="the claim's id and file name: claims/SLUG.yml")
    sub.add_argument("--claim", metavar="TEXT", help="the statement checked")
    sub.add_argument("--source", metavar="ID", help="the source of the first excerpt (an id from seeds/sources.yml)")


def _add_generate(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--out", required=True, metavar="DIR",
                     help="the folder to write (new, empty, or written by generate before)")


ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "check": _add_check, "fix": _add_fix, "quote": _add_quote,
    "diff": _add_diff, "new": _add_new, "generate": _add_generate,
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="factsite", description="A static fact-check microsite generator.",
                                  formatter_class=argparse.RawDescriptionHelpFormatter,
                                  epilog="Run `factsite COMMAND --help` for a command's options and examples.")
    top.add_argument("--version", action="version", version=f"factsite {__version__}")
    subs = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (_, summary, examples) in COMMANDS.items():
        sub = subs.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".",
                              epilog=examples, formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.add_argument("--root", default=".", metavar="DIR", help="the project folder (default: .)")
        ARGUMENTS[name](sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command][0](args)
    except UsageError as exc:
        print(f"factsite {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
