"""The README is a front door: short, the two commands and what a newcomer needs first, links that resolve."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from tests.support import BASE_DIR

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
DOCS = ["features", "architecture", "configuration", "deployment", "security", "benchmarks", "reliability"]


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.DOTALL)
    return {_anchor(m.group(1)) for m in re.finditer(r"^#+ (.+)$", text, flags=re.MULTILINE)}


def test_readme_is_short_and_its_first_60_lines_get_a_newcomer_going() -> None:
    lines = (BASE_DIR / "README.md").read_text().splitlines()
    assert len(lines) <= 200
    first = "\n".join(lines[:60])
    for needed in [
        "## Prerequisites",
        "Python 3.11",
        "python3-venv",
        "Node.js 18",
        "make run",
        "make test",
        "kent-demo-password",
        "two-step verification",
        "make totp",
        "PORTAL_ADDRESS",
        "PYTEST_ARGS=tests/",
    ]:
        assert needed in first, needed
    assert "## Benchmarks" not in "\n".join(lines), "benchmark figures live in docs/benchmarks.md"


def test_every_link_in_the_readme_and_docs_resolves() -> None:
    pages = [BASE_DIR / "README.md", *sorted((BASE_DIR / "docs").glob("*.md"))]
    assert {f"{name}.md" for name in DOCS} <= {page.name for page in pages}
    linked = set()
    for page in pages:
        for target in LINK.findall(page.read_text()):
            if re.match(r"^[a-z]+:", target):
                continue  # a web address
            path, _, fragment = target.partition("#")
            resolved = (page.parent / path).resolve() if path else page
            assert resolved.exists(), f"{page.name}: {target}"
            if fragment:
                assert fragment in _anchors(resolved), f"{page.name}: {target}"
            linked.add(resolved)
    # Every topic is reachable from the README.
    assert {(BASE_DIR / "docs" / f"{name}.md").resolve() for name in DOCS} <= linked


def test_make_totp_gives_the_code_allauth_accepts() -> None:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    if time.time() % 30 > 25:  # not across the edge of a 30-second window
        time.sleep(30 - time.time() % 30 + 0.5)
    printed = subprocess.run(
        ["make", "--no-print-directory", "totp", f"SECRET={secret}", f"PYTHON={sys.executable}"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert printed == format_hotp_value(hotp_value(secret, int(time.time()) // 30))
