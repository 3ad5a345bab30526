"""`make bench`: run every benchmark and print its figures.

Each module in this package has a `main()` that sets up its own data on the
embedded (or configured) PostgreSQL and prints what it measured. Benchmarks are
not tests: they assert nothing about speed, they report it.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path

import django

# Every module in this package (bench_*.py) is a benchmark, run in name order.
BENCHMARKS: list[str] = sorted(
    info.name for info in pkgutil.iter_modules([str(Path(__file__).parent)]) if info.name.startswith("bench_")
)


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
