"""A custom import-linter contract: no app imports another app's private names.

Tests are exempt: they may reach wherever they need to.

``from zvh.triage.services import _helper`` in ``zvh.registrations`` reaches into another app's
internals; the name is private so that its app may change it freely. Within one app, private
names are shared as the app likes. Checked by ``lint-imports`` (pyproject.toml) in CI.
"""

from __future__ import annotations

import ast
import re

from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck

_FROM_IMPORT = re.compile(r"^\s*from\s+([\w.]+)\s+import\s+(.+)$")


def _app(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def _private_names(line: str) -> list[str]:
    """The private names (``_x``, not dunders) a ``from … import …`` line imports."""
    try:
        tree = ast.parse(line.strip().rstrip("\\").rstrip("("))
    except SyntaxError:
        match = _FROM_IMPORT.match(line)
        names = [n.strip().split(" as ")[0] for n in match.group(2).strip("()").split(",")] if match else []
        return [n for n in names if n.startswith("_") and not n.startswith("__")]
    names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names]
    return [n for n in names if n.startswith("_") and not n.startswith("__")]


class PrivateNamesContract(Contract):
    """Fails on ``from zvh.<app>.<module> import _name`` in a module of another app."""

    type_name = "private_names"
    containers = fields.ListField(subfield=fields.StringField())

    def check(self, graph, verbose: bool) -> ContractCheck:  # type: ignore[no-untyped-def]
        prefixes = tuple(f"{c}." for c in self.containers)  # type: ignore[attr-defined]
        violations: list[str] = []
        for importer in sorted(graph.modules):
            if not importer.startswith(prefixes) or ".tests" in importer:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                if not imported.startswith(prefixes) or _app(imported) == _app(importer):
                    continue
                for detail in graph.get_import_details(importer=importer, imported=imported):
                    for name in _private_names(detail["line_contents"]):
                        violations.append(
                            f"{importer}:{detail['line_number']} imports {imported}.{name}"
                        )
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for violation in check.metadata["violations"]:
            output.print_error(f"- {violation}")
        output.new_line()
