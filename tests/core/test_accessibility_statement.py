from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.django_db
def test_the_statement_publishes_how_we_tested_and_the_results(client: Any) -> None:
    html = client.get("/accessibility/").content.decode()

    assert "How we tested this website" in html
    assert "WCAG 2.2 level A and AA" in html
    assert "axe-core accessibility engine (version 4.14.1)" in html
    assert 'WCAG 2.2 A and AA problems found</th><td class="govuk-table__cell">0</td>' in html
    assert "using only the keyboard" in html


def test_the_statement_names_the_axe_core_version_the_tests_use() -> None:
    import json

    from tests.support import BASE_DIR

    version = json.loads((BASE_DIR / "node_modules" / "axe-core" / "package.json").read_text())["version"]
    statement = (BASE_DIR / "templates" / "core" / "pages" / "accessibility.html").read_text()
    assert f"version {version}" in statement
