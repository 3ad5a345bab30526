"""Directory search at scale: 10,000 generated services, served by gunicorn started in this run.

Prints (asserts nothing about speed), each against the accessibility statement (a static page with the same base
template) in the same interleaved rounds:
- an uncached search (its content not cached for this directory version): p50 and p95, goals 6x and 10x static;
- a search just after an edit (a new directory version: the category list and the page made again): p50 and p95,
  goal no slower than an uncached search;
- a repeated search (its content cached): p50, goal 1.2x static;
- SQL queries per search page for 1, 20 and thousands of matches (goal: the same, at most 3).
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

BASE_DIR = Path(__file__).resolve().parents[2]
GENERATED = 10_000
SEED = 2026
REQUESTS_PER_URL = 100
WARM_UP = 5

SEARCHES = [
    ("keyword", "/services/?q=dementia"),
    ("typo", "/services/?q=dementa"),
    ("category + area", "/services/?category=wellbeing-groups&area=east-kent"),
    ("postcode + radius", "/services/?postcode=CT5+1AA&radius=5"),
    (
        "all combined",
        "/services/?q=carers&category=carers-support&area=canterbury&audience=carers&postcode=CT5+1AA&radius=10",
    ),
]
STATIC_PAGE = ("accessibility statement", "/accessibility/")


def _setup_data() -> None:
    from services.demo import demo_seed
    from services.generation import directory_generate
    from services.models import Organisation, Service, Taxonomy, TaxonomyTerm
    from services.selectors import DIRECTORY_TAXONOMY_NAME
    from services.services import directory_index_refresh

    call_command("migrate", verbosity=0)
    demo_seed()
    started = time.perf_counter()
    directory_generate(count=GENERATED, seed=SEED)
    print(f"generated {GENERATED} services in {time.perf_counter() - started:.1f}s")
    # Services with words used nowhere else, for exactly 1 and exactly 20 matches.
    organisation = Organisation.objects.get(slug="kent-county-council")
    # ...and categories of their own, for exactly 1 and exactly 20 matches without words.
    taxonomy = Taxonomy.objects.get(name=DIRECTORY_TAXONOMY_NAME)
    one, _ = TaxonomyTerm.objects.update_or_create(
        slug="bench-one", defaults={"taxonomy": taxonomy, "name": "Bench: one service", "position": 900}
    )
    twenty, _ = TaxonomyTerm.objects.update_or_create(
        slug="bench-twenty", defaults={"taxonomy": taxonomy, "name": "Bench: twenty services", "position": 901}
    )
    ids = []
    for slug, name in [("bench-one", "Zephyrine lantern club")] + [
        (f"bench-twenty-{i}", f"Quillwort walking group {i}") for i in range(20)
    ]:
        service, _ = Service.objects.update_or_create(
            slug=slug, defaults={"name": name, "organisation": organisation, "districts": ["canterbury"]}
        )
        service.categories.set([one if slug == "bench-one" else twenty])
        ids.append(service.pk)
    directory_index_refresh(service_ids=ids)
    # Earlier runs leave dead rows behind; give the planner fresh statistics, as a real import would.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _uncache() -> None:
    """Forget every cached search page (the directory version and the category list stay)."""
    from django.core.cache import cache

    cache.delete_pattern("directory:search:*")  # type: ignore[attr-defined]


def _query_counts() -> None:
    from services.services import directory_version_bump

    client = Client(SERVER_NAME="localhost")
    cases = [
        ("1 match", "/services/?q=zephyrine", "/services/?category=bench-one"),
        ("20 matches", "/services/?q=quillwort", "/services/?category=bench-twenty"),
        ("thousands", "/services/?q=support", "/services/?area=kent-and-medway"),
    ]
    near = "&postcode=CT5+1AA&radius=20"
    print("\nSQL queries per search page, not cached (goal: the same whatever the number of matches, at most 3):")
    print(f"  {'matches':<12}{'found':>8}{'words':>7}{'+postcode':>10}{'found':>8}{'no words':>9}{'+postcode':>10}")
    for label, *urls in cases:
        line = f"  {label:<12}"
        for url in urls:
            counts = []
            for path in (url, url + near):
                client.get("/services/")  # the category list, cached for this directory version
                _uncache()
                with CaptureQueriesContext(connection) as queries:
                    page = client.get(path)
                assert page.status_code == 200  # a broken run is not a figure
                counts.append(len(queries))
                if path == url:
                    found = re.search(r"(\d+) services? found", page.content.decode())
                    line += f"{found.group(1) if found else 0:>8}"
            line += f"{counts[0]:>7}{counts[1]:>10}" if url is urls[0] else f"{counts[0]:>9}{counts[1]:>10}"
        print(line)
    directory_version_bump()
    with CaptureQueriesContext(connection) as queries:
        client.get(cases[2][1] + near)
    print(f"  the first search after an edit also loads the category list: {len(queries)} queries for words + postcode")
    print("Services each search finds:")
    for label, path in SEARCHES:
        found = re.search(r"(\d+) services? found", client.get(path).content.decode())
        assert found, f"{label} found nothing: not a representative search"
        print(f"  {label:<26}{found.group(1):>6}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> float:
    """Milliseconds for one request."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - local server
        response.read()
    return (time.perf_counter() - started) * 1000


def _rounds(base: str, paths: list[str], *, before: Any = None) -> dict[str, list[float]]:
    """REQUESTS_PER_URL rounds, each requesting every path once in turn, so that load from anything else on the
    machine falls on the static page and the searches alike; `before` runs before each search."""
    samples: dict[str, list[float]] = {path: [] for path in paths}
    for _ in range(REQUESTS_PER_URL):
        for path in paths:
            if before is not None and path != STATIC_PAGE[1]:
                before()
            samples[path].append(_get(base + path))
    return samples


def _latency() -> None:
    from services.services import directory_version_bump

    port = _free_port()
    env = os.environ | {"DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [
            *[sys.executable, "-m", "gunicorn", "carers_portal.wsgi:application"],
            *["--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    paths = [STATIC_PAGE[1], *(path for _, path in SEARCHES)]
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(base + STATIC_PAGE[1])
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        for path in paths:
            for _ in range(WARM_UP):
                _get(base + path)
        repeated = _rounds(base, paths)
        uncached = _rounds(base, paths, before=_uncache)
        edited = _rounds(base, paths, before=directory_version_bump)  # outside a transaction: bumped at once
    finally:
        server.terminate()
        server.wait(timeout=10)

    def p50(samples: dict[str, list[float]], path: str) -> float:
        return statistics.median(samples[path])

    def p95(samples: dict[str, list[float]], path: str) -> float:
        ordered = sorted(samples[path])
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    static = STATIC_PAGE[1]
    print(f"\nLatency in ms, {REQUESTS_PER_URL} interleaved rounds, gunicorn with 2 workers; x = times the static")
    print("page's p50 in the same rounds. Goals: uncached p50 <= 6x, p95 <= 10x; after an edit no slower than")
    print("uncached; repeated p50 <= 1.2x.")
    print(f"  static page p50 {p50(uncached, static):.1f} (uncached rounds), {p50(edited, static):.1f} (edit rounds),")
    print(f"  {p50(repeated, static):.1f} (repeated rounds); p95 {p95(uncached, static):.1f}")
    columns = ["uncached p50", "p95", "after edit p50", "p95", "repeated p50"]
    print(f"  {'search':<20}" + "".join(f"{c:>16}" for c in columns))
    for label, path in SEARCHES:
        line = f"  {label:<20}"
        for samples, figure in [(uncached, p50), (uncached, p95), (edited, p50), (edited, p95), (repeated, p50)]:
            value = figure(samples, path)
            line += f"{value:>7.1f} ({value / p50(samples, static):>4.1f}x)"
        print(line)


def main() -> None:
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()  # the in-process client checks ALLOWED_HOSTS like the real server
    try:
        _setup_data()
        _query_counts()
        _latency()
    finally:
        teardown_test_environment()  # `make bench` runs every benchmark in one process


if __name__ == "__main__":
    main()
