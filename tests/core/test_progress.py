"""The long commands show a progress bar on stderr (and none at --verbosity 0)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from tests.consultations.support import build_consultation

pytestmark = pytest.mark.django_db


def _run(*args: str, verbosity: int = 1) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, verbosity=verbosity)
    return out.getvalue(), err.getvalue()


def _finished(bar: str, desc: str, total: int) -> bool:
    return re.search(rf"{desc}: 100%\|.*\| {total}/{total} ", bar) is not None


def test_generate_directory_shows_its_progress() -> None:
    out, err = _run("generate_directory", "--services", "30", "--seed", "5")
    assert _finished(err, "Generating services", 60), err
    assert "Created 30 services." in out
    assert _run("generate_directory", "--services", "30", "--seed", "5", verbosity=0)[1] == ""


def test_rebuild_search_index_shows_its_progress() -> None:
    out, err = _run("rebuild_search_index")
    assert _finished(err, "Rebuilding the index", 3), err
    assert out.startswith("Indexed ")


def test_generate_responses_shows_its_progress() -> None:
    consultation = build_consultation()
    out, err = _run("generate_responses", consultation.slug, "--count", "25")
    assert _finished(err, "Adding responses", 25), err
    assert "Added 25 responses" in out


def test_seed_demo_shows_its_progress() -> None:
    out, err = _run("seed_demo")
    parts = 1 + out.count("Demo data loaded for ")
    assert parts > 3
    assert _finished(err, "Loading demo data", parts), err
    assert "Demo data is loaded." in out
