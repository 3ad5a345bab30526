"""Directory search at scale: 10,000 generated services.

Prints (asserts nothing about speed):
- SQL queries per request for the search page and /api/v1/services with 1, 20 and 10,000+ matches
  (they should be the same whatever the result size);
- how long loading the search index takes, and how many services each of five representative searches finds;
- p50 and p95 latency of those searches and of the accessibility statement (a static page with the same base
  template), all served by gunicorn started in this run.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
import urllib.request
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

BASE_DIR = Path(__file__).resolve().parents[2]
GENERATED = 10_000
SEED = 2026
REQUESTS_PER_URL = 150
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
API_SEARCH = ("API keyword", "/api/v1/services?search=dementia")


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
        for table in [
            "services_service",
            "services_service_categories",
            "services_location",
            "services_serviceatlocation",
        ]:
            cursor.execute(f"VACUUM ANALYZE {table}")


def _query_counts() -> None:
    client = Client(SERVER_NAME="localhost")
    cases = [  # (label, a search with words, a search without, the API)
        ("1 match", "/services/?q=zephyrine", "/services/?category=bench-one", "/api/v1/services?search=zephyrine"),
        (
            "20 matches",
            "/services/?q=quillwort",
            "/services/?category=bench-twenty",
            "/api/v1/services?search=quillwort",
        ),
        ("thousands", "/services/?q=support", "/services/?area=kent-and-medway", "/api/v1/services?per_page=100"),
    ]
    from services import search_index
    from services.selectors import directory_cache_bump

    client.get(cases[0][1])  # load the spelling vocabulary into this process once
    search_index.load_wait()  # and the search index (in a thread of its own)
    print("\nSQL queries per request (constant whatever the number of matches). A search page's queries when it is")
    print("not cached (cold) and when it is (warm); this process's spelling vocabulary and search index already")
    print("loaded for the data, as they are after the first search that follows an edit:")
    widths = [("words", 8), ("cold", 6), ("warm", 6), ("no words", 10), ("cold", 6), ("warm", 6), ("API", 8)]
    print(f"  {'matches':<18}" + "".join(f"{title:>{width}}" for title, width in widths) + f"{'queries':>9}")
    for label, *urls in cases:
        line = f"  {label:<18}"
        for url in urls[:2]:
            directory_cache_bump()  # cold: nothing cached for this directory version yet...
            client.get("/services/?q=reload+vocabulary")  # ...but the vocabulary...
            client.get("/services/?area=kent")  # ...and the search index are loaded
            search_index.load_wait()
            with CaptureQueriesContext(connection) as cold:
                page = client.get(url)
            with CaptureQueriesContext(connection) as warm:
                client.get(url)
            assert page.status_code == 200  # a broken run is not a figure
            found = re.search(r"(\d+) services? found", page.content.decode())
            line += f"{found.group(1) if found else 0:>{8 if url is urls[0] else 10}}{len(cold):>6}{len(warm):>6}"
        with CaptureQueriesContext(connection) as api_queries:
            api = client.get(urls[2])
        assert api.status_code == 200
        print(f"{line}{api.json()['total_items']:>8}{len(api_queries):>9}")


def _index_load() -> None:
    """How long a process takes to load the search index (after an edit, in a thread of its own; SQL answers searches
    meanwhile), and what the searches find."""
    from services import search_index

    version = search_index.current_version()
    assert version is not None
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        index = search_index._load(version)
        samples.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    index = search_index._load(version)
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    lexemes = len(index.postings or {})
    postings = sum(len(p.documents) for p in (index.postings or {}).values())
    print(f"\nLoading the search index ({len(index.ids)} open services, {lexemes} lexemes, {postings} postings):")
    print(f"  median {statistics.median(samples):.0f} ms of 5 (min {min(samples):.0f}, max {max(samples):.0f});")
    print(f"  {held / 2**20:.1f} MB of memory in each process that searches")
    client = Client(SERVER_NAME="localhost")
    print("Services each search finds:")
    for label, path in SEARCHES:
        page = client.get(path).content.decode()
        found = re.search(r"(\d+) services? found", page)
        assert found, f"{label} found nothing: not a representative search"
        print(f"  {label:<26}{found.group(1):>6}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _get(url: str) -> float:
    """Milliseconds for one request."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - local server
        response.read()
    return (time.perf_counter() - started) * 1000


def _bump_everything() -> None:
    """What an edit to a service's words does: new result pages, and every process reloads its spelling vocabulary,
    category list and search index (the version the database triggers would add for the edit)."""
    from services.selectors import categories_cache_bump, directory_cache_bump, vocabulary_cache_version_set

    directory_cache_bump()
    vocabulary_cache_version_set(time.time_ns())
    categories_cache_bump()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO services_searchindexversion (version) VALUES (nextval('services_search_index_version_seq'))"
        )


def _rounds(base: str, paths: list[str], *, bump: str = "") -> dict[str, list[float]]:
    """REQUESTS_PER_URL rounds, each requesting every path once in turn, so that load from anything else on the
    machine falls on the static page and the searches alike. Before each search, bump "all" changes every directory
    cache version (a search nobody has made since the directory's words last changed); bump "results" changes only
    the result pages' version (since an edit that left the vocabulary and categories as they were)."""
    from services.selectors import directory_cache_bump

    samples: dict[str, list[float]] = {path: [] for path in paths}
    for _ in range(REQUESTS_PER_URL):
        for path in paths:
            if bump and path != STATIC_PAGE[1]:
                _bump_everything() if bump == "all" else directory_cache_bump()
            samples[path].append(_get(base + path))
    return samples


def _latency() -> None:
    port = _free_port()
    env = os.environ | {"DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "carers_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    searches = [path for _, path in SEARCHES]
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
        for path in [STATIC_PAGE[1], *searches, API_SEARCH[1]]:
            for _ in range(WARM_UP):
                _get(base + path)
        time.sleep(3)  # each worker loads the search index in a thread of its own when it first searches
        warm = _rounds(base, [STATIC_PAGE[1], *searches, API_SEARCH[1]])
        cold_page = _rounds(base, [STATIC_PAGE[1], *searches], bump="results")
        cold = _rounds(base, [STATIC_PAGE[1], *searches], bump="all")  # last: it leaves the index reloading
    finally:
        server.terminate()
        server.wait(timeout=10)
    warm_static = statistics.median(warm[STATIC_PAGE[1]])
    cold_static = statistics.median(cold[STATIC_PAGE[1]])
    cold_page_static = statistics.median(cold_page[STATIC_PAGE[1]])
    print(f"\nLatency, {REQUESTS_PER_URL} interleaved rounds, gunicorn with 2 workers (ms).")
    print("warm = the same search again (its result page is cached);")
    print("cold = every directory cache version bumped before every search (nothing cached for it yet, and each")
    print("       process reloads its spelling vocabulary and category list, and starts reloading its search index in")
    print("       the background, SQL answering meanwhile: an edit to a service's words before every search);")
    print("cold page = only the result pages' version bumped (an edit that leaves the vocabulary, categories and")
    print("       search index as they were, e.g. a phone number or opening times): the search itself, uncached.")
    header = ["warm p50", "warm p95", "vs static", "cold p50", "cold p95", "vs static", "page p50", "page p95"]
    header += ["vs static"]
    print(f"  {'request':<26}" + "".join(f"{h:>10}" for h in header))
    for label, path in [STATIC_PAGE, *SEARCHES, API_SEARCH]:
        p50 = statistics.median(warm[path])
        line = f"  {label:<26}{p50:>10.1f}{_percentile(warm[path], 0.95):>10.1f}{p50 / warm_static:>9.1f}x"
        for results, static in [(cold, cold_static), (cold_page, cold_page_static)]:
            if path in results:
                c50 = statistics.median(results[path])
                line += f"{c50:>10.1f}{_percentile(results[path], 0.95):>10.1f}{c50 / static:>9.1f}x"
        print(line)


def main() -> None:
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()  # the in-process client checks ALLOWED_HOSTS like the real server
    try:
        _setup_data()
        _index_load()
        _query_counts()
        _latency()
    finally:
        teardown_test_environment()  # `make bench` runs every benchmark in one process


if __name__ == "__main__":
    main()
