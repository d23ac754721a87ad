"""The shape #11 asks for: a data layer without rendering libraries, a site plan without MkDocs,
a thin MkDocs adapter, one validator run for every problem, nothing written into the checkout; and (#38) imports
that only go down the floors, with no circle, and every coupling to Material's internals listed in one file."""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURE, problems_of, write
from packaging.requirements import Requirement
from sitebuild import project_with_data

ROOT = Path(__file__).resolve().parents[1]

# Runs a script with the given top-level modules (installed packages) refused on import.
BLOCKER = """
import importlib.abc, sys, runpy
blocked = set(sys.argv[1].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ModuleNotFoundError(f"blocked for this test: {name}", name=name)
        return None
sys.meta_path.insert(0, Block())
sys.argv = sys.argv[2:]
if sys.argv[0] == "-m":  # python -m module
    sys.argv = sys.argv[1:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _modules_of(distribution: str, seen: set[str] | None = None) -> set[str]:
    """Top-level import names of a distribution and everything it requires (as installed here)."""
    seen = set() if seen is None else seen
    name = Requirement(distribution).name.lower().replace("_", "-")
    if name in seen:
        return set()
    seen.add(name)
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return set()  # required only on other Pythons
    tops = {Path(str(f)).parts[0].removesuffix(".py") for f in dist.files or []
            if str(f).endswith(".py") and not str(f).startswith(("..", "bin/"))}
    for text in dist.requires or []:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            tops |= _modules_of(str(requirement), seen)
    return {t for t in tops if t.isidentifier()}


def _installed() -> set[str]:
    return {name for dist in metadata.distributions() for name in _modules_of(dist.metadata["Name"])}


def _run_blocked(allowed: set[str], script: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run a script where only the `allowed` installed packages (and the standard library) can be imported."""
    blocked = _installed() - allowed
    return subprocess.run([sys.executable, "-c", BLOCKER, ",".join(sorted(blocked)), script, *args],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def test_pre_commit_hooks_run_with_only_their_declared_dependencies():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    for hook_id in ("check-data", "generated-schemas"):
        hook = hooks[hook_id]
        allowed = set().union(*(_modules_of(d) for d in hook["additional_dependencies"]))
        assert "jinja2" not in allowed and "mkdocs" not in allowed
        # pre-commit runs `python -m banma.cli.…` from the checkout, in an environment with only these packages:
        # the project's own code comes from the checkout, not from an installed copy.
        allowed.add("banma")
        assert hook["entry"].startswith("python -m banma.cli."), hook["entry"]
        script, *args = hook["entry"].split("#")[0].split()[1:]
        result = _run_blocked(allowed, script, *args)
        assert result.returncode == 0, f"{hook_id}:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"


def test_the_blocker_does_block():
    """The check above can fail: the site build needs packages (Jinja2, …) that the hooks do not declare."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    check = next(hook for repo in config["repos"] for hook in repo["hooks"] if hook["id"] == "check-data")
    allowed = set().union(*(_modules_of(d) for d in check["additional_dependencies"])) | {"banma"}
    result = _run_blocked(allowed, "-m", "macros.plan_folder", "/nonexistent")
    assert result.returncode != 0 and "blocked for this test" in result.stderr
    assert "blocked for this test: banma" not in result.stderr  # the project's own code was importable


@pytest.mark.reads_data  # (tests/data_reads.py)
def test_site_plan_is_written_without_mkdocs(tmp_path):
    """The plan folder (macros/plan_folder.py, the hand-written pages rendered by macros/hand_written.py) of the
    small fixture, with MkDocs, Material and mkdocs-macros unimportable."""
    project = project_with_data(tmp_path / "project", FIXTURE / "data")
    allowed = _installed() - {"mkdocs", "material", "mkdocs_macros", "jieba"}
    result = _run_blocked(allowed, "-m", "macros.plan_folder", str(tmp_path / "out"), "--root", str(project))
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads((tmp_path / "out" / "pages.json").read_text(encoding="utf-8"))
    landmarks = sorted(p.stem for p in (project / "data" / "landmarks").glob("*.yaml"))
    published = [p for p in landmarks if "draft: true" not in (project / f"data/landmarks/{p}.yaml").read_text("utf-8")]
    urls = {page["url"] for page in summary["pages"]}
    assert {f"landmarks/{p}/" for p in published} <= urls
    some = published[0]
    html = (tmp_path / "out" / "landmarks" / some / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html or "<h2" in html
    assert "downloads/landmarks.json" in summary["files"]
    assert (tmp_path / "out" / "about" / "index.html").is_file()  # a hand-written page, rendered without MkDocs


def test_mkdocs_facing_code_is_at_most_130_lines():
    """Thin: a plugin class with a typed config, File and Page subclasses for what it adds, one method per event.
    (It was 100 lines as a hook that patched MkDocs' objects instead.)"""
    def code_lines(path: Path) -> int:
        source = path.read_text(encoding="utf-8")
        docstrings = {node.body[0].lineno for node in ast.walk(ast.parse(source))
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        count = 0
        in_docstring = False
        for number, line in enumerate(source.splitlines(), 1):
            stripped = line.strip()
            if number in docstrings or in_docstring:
                quotes = stripped.count('"""')
                in_docstring = (quotes == 1) != in_docstring if (number in docstrings or in_docstring) else False
                continue
            if stripped and not stripped.startswith("#"):
                count += 1
        return count

    total = code_lines(ROOT / "macros/plugin.py") + code_lines(ROOT / "macros/__init__.py")
    assert total <= 130, total


def test_nothing_outside_macros_imports_mkdocs():
    for path in [*(ROOT / "banma").rglob("*.py"), *(ROOT / "scripts").glob("*.py")]:
        if path.name == "bench.py":
            continue  # the benchmark runs MkDocs builds on purpose
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] in ("mkdocs", "material", "macros") for n in names), path


def test_one_run_reports_per_file_and_cross_file_problems_together(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    museum = (project / "data/landmarks/museum-b.yaml").read_text(encoding="utf-8")
    write(project, "data/landmarks/museum-b.yaml", museum.replace("summary: 第二个测试地点。\n", ""))
    route = (project / "data/routes/route-r.yaml").read_text(encoding="utf-8")
    write(project, "data/routes/route-r.yaml", route.replace("landmark: station-a", "landmark: station-x"))
    found = {(p.path, p.field) for p in problems_of(project)}
    assert ("data/landmarks/museum-b.yaml", "summary") in found
    assert ("data/routes/route-r.yaml", "stops.0.landmark") in found
    # museum-b exists but has a problem of its own: the route's stop there is not reported as dangling.
    assert ("data/routes/route-r.yaml", "stops.1.landmark") not in found


@pytest.mark.reads_data  # (tests/data_reads.py)
@pytest.mark.slow
def test_a_build_of_a_fresh_clone_writes_nothing_into_it(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    # The working tree under test, not only its last commit.
    for folder in ("banma", "macros", "docs", "data", "scripts"):
        shutil.rmtree(clone / folder, ignore_errors=True)
        shutil.copytree(ROOT / folder, clone / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", clone / "mkdocs.yml")
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "tree", "--allow-empty"],
                   cwd=clone, check=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                            cwd=clone, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    status = subprocess.run(["git", "status", "--ignored", "--porcelain"], cwd=clone, capture_output=True, text=True)
    assert status.stdout == "", status.stdout


def test_the_plugin_keeps_its_state_on_itself_and_adds_no_attribute_to_mkdocs_objects(tmp_path):
    """macros/plugin.py: no module-level state, and every attribute it sets on an object of MkDocs (a page, the
    config, a file, the theme's Jinja environment) is one that object already has; its own subclass aside."""
    from jinja2 import Environment
    from mkdocs.config import load_config
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    source = (ROOT / "macros/plugin.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    for node in tree.body:  # module level: imports, classes, functions, constants only
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            assert all(isinstance(t, ast.Name) and t.id.isupper() for t in targets), ast.unparse(node)
    config = load_config(str(ROOT / "mkdocs.yml"))
    page = Page(None, File("x.md", str(tmp_path), str(tmp_path / "site"), True), config)
    owners = {"config": config, "page": page, "env": Environment()}
    set_on = [(node.value.id, node.attr) for node in ast.walk(tree)
              if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Name)]
    assert set_on, "the check found no assignment at all"
    for owner, attribute in set_on:
        if owner in ("self", "ours"):  # the plugin itself; its own logger
            continue
        if owner == "file":  # only ever PlannedFile, this plugin's own subclass
            assert attribute == "rewrite" and "class PlannedFile(File)" in source
            continue
        assert owner in owners, f"{owner}.{attribute}: an object the test does not know"
        assert hasattr(owners[owner], attribute), f"{owner}.{attribute} is not an attribute MkDocs defines"


# The floors of the code, lowest first. A module imports modules of its own floor or of a lower one, never of a
# higher one, and no import circle closes (within a floor either). Imports under `if TYPE_CHECKING:` and inside
# functions count: they are the same dependency, only later.
FLOORS = (
    # tools that know nothing of the site's content
    ("banma.settings", "banma.memo", "banma.workers", "banma.revisions", "banma.content_policy", "banma.manifest",
     "banma.deploy"),
    ("banma.records",),  # the data layer
    ("banma.pages",),  # records -> HTML
    ("banma.search",),  # what is searchable: item pages' records, hand-written pages' front matter
    ("banma.site_plan", "banma.rendering"),  # the whole site as data, and its heavy work
    ("banma.page_macros", "banma.preview"),  # what hand-written pages and a preview make of a plan
    ("banma.cli",),  # the commands
    ("macros",),  # the generators' side: MkDocs, Material, Zensical, the plan folder
)
KNOWN_CIRCLES: list[set[str]] = []  # a circle found and not yet broken would be listed here, with its owner


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _project_modules() -> dict[str, Path]:
    return {_module_name(path): path for package in ("banma", "macros") for path in (ROOT / package).rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules a module imports anywhere in its file (top level, TYPE_CHECKING, functions)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, one level up per dot after the first
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names}
    return {module for module in found if module in known and module != name}


def import_graph() -> dict[str, set[str]]:
    modules = _project_modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def floor_of(module: str) -> int | None:
    for number, floor in enumerate(FLOORS):
        if any(module == prefix or module.startswith(prefix + ".") for prefix in floor):
            return number
    return None


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{module} -> {target}" for module, targets in graph.items() for target in targets
                  if None not in (floor_of(target), floor_of(module)) and floor_of(target) > floor_of(module))


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph.get(module, ()):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = set()
            while not component or module not in component:
                component.add(stack.pop())
            on_stack.difference_update(component)
            if len(component) > 1:
                found.append(component)
    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_import_checks_can_fail():
    toy = {"banma.records.a": {"banma.pages.b"}, "banma.pages.b": {"banma.records.a"}, "banma.settings": set()}
    assert upward_imports(toy) == ["banma.records.a -> banma.pages.b"]
    assert circles(toy) == [{"banma.records.a", "banma.pages.b"}]
    assert circles({"banma.pages.x": {"banma.pages.y"}, "banma.pages.y": set()}) == []


def test_every_module_has_a_floor():
    assert [module for module in import_graph() if floor_of(module) is None] == []


def test_imports_go_down_the_floors_only():
    graph = import_graph()
    assert sum(map(len, graph.values())) > 100, "the check found almost no import"
    assert upward_imports(graph) == []


def test_no_import_circle():
    found = circles(import_graph())
    assert [circle for circle in found if circle not in KNOWN_CIRCLES] == []
    assert [circle for circle in KNOWN_CIRCLES if circle not in found] == [], "broken: take it off KNOWN_CIRCLES"


def test_the_hand_written_pages_circle_stays_broken():
    """pages/hand_written.py once imported page_macros (a floor up), which imports the plan, which imports it."""
    graph = import_graph()
    assert "banma.page_macros" not in graph["banma.pages.hand_written"]
    assert "macros.hand_written" in graph["macros.plan_folder"] and "banma.page_macros" in graph["macros.hand_written"]


# What names Material's internals: its classes and attributes (md-…, data-md-…, --md-…), its bundle's page stream.
MATERIAL_MARKS = re.compile(r"(?<![A-Za-z0-9_])(?:--|data-)?md-[a-z]|document\$")


def _couplings_text() -> str:
    return (ROOT / "macros/COUPLINGS.md").read_text(encoding="utf-8")


def test_every_file_that_touches_materials_internals_is_listed():
    listed = _couplings_text()
    files = [*(ROOT / "macros").rglob("*.py"), *(ROOT / "macros/theme").rglob("*.html"), *(ROOT / "banma").rglob("*.py"),
             *(ROOT / "banma").rglob("*.html"), *(ROOT / "docs/assets").rglob("*.js"), *(ROOT / "docs/assets").rglob("*.css")]
    touching = {path.relative_to(ROOT).as_posix() for path in files
                if path.parent.name == "theme" or "theme" in path.relative_to(ROOT).parts
                or MATERIAL_MARKS.search(path.read_text(encoding="utf-8"))}
    assert {"macros/material.py", "docs/assets/stylesheets/site.css", "macros/theme/main.html"} <= touching
    assert sorted(path for path in touching if f"`{path}`" not in listed) == []


def test_every_md_group_of_the_stylesheet_is_listed():
    css = re.sub(r"/\*.*?\*/", "", (ROOT / "docs/assets/stylesheets/site.css").read_text(encoding="utf-8"), flags=re.S)
    groups = set(re.findall(r"(?<![A-Za-z0-9_-])(md-[a-z]+|data-md-[a-z]+)", css))
    variables = set(re.findall(r"--md-[a-z-]+?-color", css))
    listed = _couplings_text()
    assert "md-typeset" in groups and variables
    assert sorted(g for g in groups | variables if f"`{g}" not in listed) == []


# Readers of the environment besides banma/settings.py: publishing's own credentials, handed to rclone as they are
# (banma/deploy.py lists them), and — until their owner routes them through Settings (Settings.read().worker_count,
# .card_font) — the two that still read it themselves; the test fails once one stops, so that it leaves the list.
ENVIRONMENT_READERS = {"banma/settings.py", "banma/deploy.py", "banma/cli/deploy.py"}
STILL_READING_THE_ENVIRONMENT: set[str] = set()  # a module still to be routed through Settings


def test_settings_are_read_from_the_environment_in_one_place():
    readers = {path.relative_to(ROOT).as_posix() for package in ("banma", "macros") for path in (ROOT / package).rglob("*.py")
               if re.search(r"\bos\.environ\b|\bgetenv\(|\benviron\.get\(", path.read_text(encoding="utf-8"))}
    assert "banma/settings.py" in readers
    assert sorted(readers - ENVIRONMENT_READERS - STILL_READING_THE_ENVIRONMENT) == []
    assert sorted(STILL_READING_THE_ENVIRONMENT - readers) == [], "routed through Settings: take it off the list"
