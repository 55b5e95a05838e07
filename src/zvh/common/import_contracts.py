"""A custom import-linter contract: no app imports another app's private names.

``from zvh.triage.services import _helper`` in ``zvh.registrations`` reaches into another app's
internals; the name is private so that its app may change it freely. Within one app, private
names are shared as the app likes; tests are exempt (they may reach wherever they need to).
Checked by ``lint-imports`` (pyproject.toml) in CI.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterator
from pathlib import Path

from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def _app(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_imports(module: str, source: str) -> Iterator[tuple[int, str]]:
    """(line, "imported.module.name") for each private name ``module`` imports from another app
    of its container."""
    package = module.removesuffix(".__init__") if module.endswith(".__init__") else module
    if not module.endswith(".__init__"):
        package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            imported = ".".join([*base, node.module] if node.module else base)
        else:
            imported = node.module or ""
        if _app(imported) == _app(module) or not imported.startswith(_app(module).split(".")[0]):
            continue
        for alias in node.names:
            if _is_private(alias.name):
                yield node.lineno, f"{imported}.{alias.name}"


def _source_path(module: str) -> Path | None:
    """The file of ``module``, found without importing it (importing would need settings)."""
    top, *rest = module.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))).joinpath(*rest)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


class PrivateNamesContract(Contract):
    """Fails on ``from zvh.<app>.<module> import _name`` in a module of another app."""

    type_name = "private_names"
    containers = fields.ListField(subfield=fields.StringField())

    def check(self, graph, verbose: bool) -> ContractCheck:  # type: ignore[no-untyped-def]
        prefixes = tuple(f"{c}." for c in self.containers)  # type: ignore[attr-defined]
        violations: list[str] = []
        for module in sorted(graph.modules):
            if not module.startswith(prefixes) or ".tests" in module:
                continue
            path = _source_path(module)
            if path is None:
                continue
            source = path.read_text(encoding="utf-8")
            name = f"{module}.__init__" if path.name == "__init__.py" else module
            for line, imported in private_imports(name, source):
                violations.append(f"{module}:{line} imports {imported}")
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for violation in check.metadata["violations"]:
            output.print_error(f"- {violation}")
        output.new_line()
