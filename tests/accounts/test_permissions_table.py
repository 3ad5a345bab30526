"""docs/permissions.md holds the same role-by-action table as the permission policy (accounts/policy.py)."""

from __future__ import annotations

import re

from accounts.policy import AREA_MODELS, PROVIDER_EDITABLE_FIELDS, RULES, Role, Scope
from tests.support import BASE_DIR

DOC = BASE_DIR / "docs" / "permissions.md"


def _tables() -> list[list[list[str]]]:
    """Every markdown table in the page, as rows of cells (header first, the --- row left out)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*DOC.read_text().splitlines(), ""]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r"-+", cell) for cell in cells):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


def _table(first_heading: str) -> list[list[str]]:
    return next(table for table in _tables() if table[0][0] == first_heading)


def _code(cell: str) -> str:
    assert cell.startswith("`"), cell
    assert cell.endswith("`"), cell
    return cell.strip("`")


def test_the_action_table_is_the_policy() -> None:
    header, *rows = _table("Action")
    assert header[1:] == [role.value for role in Role]
    documented = {
        _code(row[0]): {Role(role): Scope(cell) for role, cell in zip(header[1:], row[1:], strict=True)} for row in rows
    }
    assert documented == RULES


def test_the_provider_fields_table_is_the_policy() -> None:
    _, *rows = _table("Record")
    documented = {_code(row[0]): frozenset(_code(f.strip()) for f in row[1].split(",")) for row in rows}
    assert documented == PROVIDER_EDITABLE_FIELDS


def test_the_area_table_is_the_policy() -> None:
    _, *rows = _table("Area")
    documented = {_code(row[0]): tuple(_code(f.strip()) for f in row[1].split(",")) for row in rows}
    assert documented == AREA_MODELS
