"""The house's layers, read from the source: no package imports one above or beside it, and no
module imports itself through others — counting imports inside functions, so a cycle cannot
hide in one.

    base → publications → interpretation, proposals → workflows → supervision, reports → web
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [("base",), ("publications",), ("interpretation", "proposals"), ("workflows",),
          ("supervision", "reports"), ("notifications",), ("web",)]  # fmt: skip
LAYER = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def our_modules():
    return {
        module_name(path): path
        for package in LAYER
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def imported(module, path, known):
    """(imported module, line) for every import of one of our modules, wherever it stands."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            if name in known and name != module:
                yield name, node.lineno


def graph():
    modules = our_modules()
    return {
        module: sorted(set(imported(module, path, modules))) for module, path in modules.items()
    }


def upward(edges):
    return [
        f"{module}:{line} imports {target}"
        for module, targets in edges.items()
        for target, line in targets
        if (top := module.split(".")[0]) != (other := target.split(".")[0])
        and LAYER[other] >= LAYER[top]
    ]


def test_no_package_imports_one_above_or_beside_it():
    assert upward(graph()) == []


def cycles(edges):
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(edges[successor])))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_no_module_imports_itself_through_others():
    edges = {module: [target for target, _line in targets] for module, targets in graph().items()}
    assert cycles(edges) == []


def test_the_checks_see_an_upward_import_a_sibling_a_cycle_and_an_import_in_a_function(
    tmp_path,
):
    edges = {"base.a": [("web.b", 3)], "proposals.c": [("interpretation.d", 7)],
             "web.b": [("base.a", 1)]}  # fmt: skip
    assert upward(edges) == ["base.a:3 imports web.b", "proposals.c:7 imports interpretation.d"]
    assert cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    hidden = tmp_path / "access.py"
    hidden.write_text("def rule():\n    from workflows.interpretation.flows import Flow\n")
    known = {"workflows.interpretation.flows"}
    found = list(imported("workflows.interpretation.access", hidden, known))
    assert found == [("workflows.interpretation.flows", 2)]
