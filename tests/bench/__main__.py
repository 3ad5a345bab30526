"""`make bench`: run every benchmark and print its figures.

Each module in this package has a `main()` that sets up its own data on the
embedded (or configured) PostgreSQL and prints what it measured. Benchmarks are
not tests: they assert nothing about speed, they report it.
"""

from __future__ import annotations

import importlib
import os
import sys

import django

# Modules to run, in order. Add yours here.
BENCHMARKS: list[str] = []


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carers_portal.settings")
    django.setup()
    selected = argv or BENCHMARKS
    for name in selected:
        print(f"\n=== {name} ===", flush=True)
        importlib.import_module(f"tests.bench.{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
