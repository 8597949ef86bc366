"""One place for each kind of code (issue 14): no import cycle, imports that run
one way, and the declarations every model must make."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Which of the project's apps each app may import, bottom to top. A new app
# must take its place here: what it builds on, and that nothing below imports it.
LAYERS = {
    "common": set(),
    "web": {"common"},
    "kommuner": {"common"},
    "indsatser": {"common", "kommuner"},
    "samarbejdsplan": {"common", "web", "kommuner", "indsatser"},
    "soegning": {"common", "web", "kommuner", "indsatser", "samarbejdsplan"},
    "importering": {"common", "web", "kommuner", "indsatser", "samarbejdsplan"},
    "aendringer": {"common", "web", "kommuner", "indsatser", "samarbejdsplan"},
    "opfoelgning": {"common", "web", "kommuner", "indsatser", "samarbejdsplan"},
}


def project_modules():
    """Module name → file, for every Python file of the project's apps (not migrations)."""
    modules = {}
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imports(modules):
    """Module → the project's modules it imports, at the top or inside a function."""

    def known(name):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package
                    for _ in range(node.level - 1):
                        parent = parent.rpartition(".")[0]
                    base = f"{parent}.{base}" if base else parent
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            else:
                continue
            found |= {known(target) for target in targets} - {None, name}
        graph[name] = found
    return graph


def cycles(graph):
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_among_the_projects_modules():
    graph = imports(project_modules())
    assert len(graph) > 40
    assert cycles(graph) == []


def test_imports_run_one_way_between_the_apps():
    wrong = []
    for module, targets in imports(project_modules()).items():
        app = module.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            if other != app and other not in LAYERS[app]:
                wrong.append(f"{module} → {target}")
    assert wrong == []


def test_every_project_app_has_its_place_in_the_layers():
    ours = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and ".venv" not in Path(config.path).parts
    }
    assert ours == set(LAYERS)


def project_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in LAYERS and not hasattr(model, "instance_type")  # history
    ]


def test_every_model_declares_what_the_secretariat_may_do_with_it():
    models = project_models()
    assert len(models) >= 14
    missing = [m.__name__ for m in models if not hasattr(m, "secretariat_may")]
    assert missing == []


def test_every_model_declares_which_plans_show_it():
    missing = [m.__name__ for m in project_models() if not hasattr(m, "plans_showing")]
    assert missing == []


def test_every_declared_lookup_finds_plans(db):
    from samarbejdsplan.models import Samarbejdsplan
    from samarbejdsplan.signals import plans_showing

    for model in project_models():
        showing = plans_showing(model, [0])
        if showing is not None:
            assert not Samarbejdsplan.objects.filter(showing).exists(), model.__name__


def test_the_page_fingerprint_reads_every_app_of_the_project():
    from web.caching import source_dirs

    read = {folder.name for folder in source_dirs()}
    assert set(LAYERS) | {"templates", "static"} <= read
