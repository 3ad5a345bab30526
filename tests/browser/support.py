"""A person using the portal in Chromium, with axe-core run on every page (shared by the browser journeys)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import ConsoleMessage, Page

AXE_SOURCE = (Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


class Journey:
    """A person using the portal in Chromium. Every page visited is checked with axe-core."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.checked: list[str] = []
        self.console_errors: list[str] = []
        page.on("console", self._on_console)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def visit(self, path: str, status: int = 200) -> Page:
        response = self.page.goto(self.base_url + path)
        assert response is not None
        assert response.status == status, f"{path} answered {response.status}"
        if status >= 400:  # the browser logs the document's own error status; that one is expected
            self.console_errors = [e for e in self.console_errors if f"status of {status}" not in e]
        self.check()
        return self.page

    def check(self) -> None:
        """Run axe-core on the current page and fail on any WCAG 2.2 A/AA violation."""
        self.page.wait_for_load_state("load")
        # evaluate() runs outside the page's CSP, so the strict policy stays on.
        self.page.evaluate(AXE_SOURCE)
        result: dict[str, Any] = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        violations = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
        ]
        assert not violations, f"axe found WCAG violations on {self.page.url}:\n{json.dumps(violations, indent=2)}"
        assert not self.console_errors, f"browser console errors on {self.page.url}: {self.console_errors}"
        self.checked.append(self.page.url)

    def submit(self, button_text: str = "Continue") -> Page:
        self.page.get_by_role("button", name=button_text).click()
        self.check()
        return self.page
