"""Print the figures of the latest `make reliability` run (var/reliability/figures.json) as Markdown
for docs/reliability.md.

.venv/bin/python -m tests.reliability.report
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FIGURES = Path(__file__).resolve().parents[2] / "var" / "reliability" / "figures.json"


def _cell(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "none"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def main() -> int:
    if not FIGURES.exists():
        print(f"No figures yet: run `make reliability` first ({FIGURES})", file=sys.stderr)
        return 1
    for name, figures in json.loads(FIGURES.read_text()).items():
        print(f"### {name} ({figures.pop('at')})\n")
        print("| Figure | Value |\n| --- | --- |")
        for key, value in figures.items():
            print(f"| {key} | {_cell(value).replace('|', '/')} |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
