"""The package's layout, as ARCHITECTURE.md states it, checked on the source.

Every module of generator/ is read (not imported) and its imports of
generator modules collected, at module level and inside functions alike,
leaving out only `if TYPE_CHECKING:` blocks (they are never run). The
tests fail with the offending module and import named.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "generator"
# The stages in pipeline order, then the two adapters; a module may import the
# shared modules, its own folder and the folders of the stages before it.
SHARED = ("generator", "generator.errors", "generator.model")
LAYERS = {"load": 1, "anchor": 2, "suggest": 3, "render": 4, "plugin": 5, "cli": 5}
# The one import across the two adapters: `factsite generate` reads mkdocs.yml's
# plugin options the way the plugin does.
ADAPTER_EXCEPTIONS = {("cli", "generator.plugin.config")}
# ARCHITECTURE.md says "under about 350 lines".
MAX_MODULE_LINES = 350
# Names that are the same thing in several modules by design: each command's entry point.
SHARED_NAMES = {"run"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> set[str]:
    """The generator modules `path` imports when it runs."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("generator"))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("generator"):
            module = node.module or ""
            for alias in node.names:  # `from generator.render import markup` imports a module
                found.add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in MODULES else module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text("utf-8")))
    return found


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _folder(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else None


def _allowed(importer: str, imported: str) -> bool:
    if importer == "generator.__main__":
        return imported == "generator.cli.main"  # `python -m generator` is the command
    if imported in SHARED:
        return importer != "generator.errors" and not (importer == "generator.model" and imported == "generator.model")
    mine, theirs = _folder(importer), _folder(imported)
    if importer in SHARED or theirs is None:
        return False  # errors.py and model.py import no stage
    if mine == theirs or (mine, imported) in ADAPTER_EXCEPTIONS:
        return True
    return mine is not None and LAYERS[theirs] < LAYERS[mine] and theirs not in ("plugin", "cli")


def test_relative_imports_are_not_used() -> None:
    relative = [
        name
        for name, path in MODULES.items()
        if any(isinstance(n, ast.ImportFrom) and n.level for n in ast.walk(ast.parse(path.read_text("utf-8"))))
    ]
    assert relative == [], "use absolute imports (generator.stage.module), which the layer test reads"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_stage_imports_only_the_stages_before_it(module: str) -> None:
    wrong = sorted(imported for imported in GRAPH[module] if imported != module and not _allowed(module, imported))
    assert wrong == [], f"{module} imports {wrong}: see ARCHITECTURE.md for what each folder may import"


def test_the_shared_modules_import_no_stage() -> None:
    assert GRAPH["generator.errors"] == set()
    assert GRAPH["generator.model"] <= {"generator.errors"}


def test_there_is_no_import_cycle() -> None:
    state: dict[str, int] = defaultdict(int)  # 0 new, 1 on the path, 2 done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for imported in sorted(GRAPH.get(module, ())):
            if imported == module or imported not in GRAPH:
                continue
            if state[imported] == 1:
                return path[path.index(imported) :] + [imported]
            if state[imported] == 0 and (cycle := visit(imported)):
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(GRAPH):
        if state[module] == 0:
            cycle = visit(module)
            assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_no_module_is_named_after_a_standard_library_module() -> None:
    clashes = sorted(name for name in MODULES if name.rsplit(".", 1)[-1] in sys.stdlib_module_names)
    assert clashes == []


def test_modules_stay_small() -> None:
    sizes = {name: len(path.read_text("utf-8").splitlines()) for name, path in MODULES.items()}
    large = {name: lines for name, lines in sizes.items() if lines > MAX_MODULE_LINES}
    assert large == {}, f"split these modules (at most {MAX_MODULE_LINES} lines): {large}"


def test_one_meaning_per_name() -> None:
    defined: dict[str, list[str]] = defaultdict(list)
    for name, path in MODULES.items():
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                defined[node.name].append(name)
    repeated = {n: where for n, where in defined.items() if len(where) > 1 and n not in SHARED_NAMES}
    assert repeated == {}, f"public names defined in several modules: {repeated}"


def test_every_command_is_a_module_with_run() -> None:
    from generator.cli.main import COMMANDS

    for command in COMMANDS:
        path = PACKAGE / "cli" / f"{command.replace('-', '_')}.py"  # main.py imports add-source as add_source
        assert path.is_file(), f"factsite {command} has no module generator/cli/{command}.py"
        tree = ast.parse(path.read_text("utf-8"))
        assert any(isinstance(n, ast.FunctionDef) and n.name == "run" for n in tree.body), path


def test_architecture_md_names_every_folder() -> None:
    text = (REPO / "ARCHITECTURE.md").read_text("utf-8")
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    missing = [f for f in folders if f"{f}/" not in text]
    assert missing == [], f"ARCHITECTURE.md does not describe {missing}"
