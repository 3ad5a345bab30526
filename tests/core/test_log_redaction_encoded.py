"""Redaction reads the query string as a browser sent it: `+` for spaces, percent-encoding and apostrophes (security
review 2026-12-07, low 8: it stopped at an apostrophe, and missed `+`-encoded postcodes and `%40` emails)."""

from __future__ import annotations

import pytest

from carers_portal.core.logging import redact, redact_path


@pytest.mark.parametrize(
    ("text", "leaks"),
    [
        ("GET /services/?q=o'brien&postcode=ME14+1XX HTTP/1.1", ["brien", "ME14", "1XX"]),
        ("GET /services/?q=it's%20ME14%201XX HTTP/1.1", ["ME14", "1XX"]),
        ("<WSGIRequest: GET '/services/?q=o'brien+sam%40example.com&page=2'>", ["brien", "sam", "example.com"]),
        ("GET /account/?email=sam%40example.com", ["sam", "example.com"]),
        ("GET /account/?email=sam%2540example.com", ["sam", "example.com"]),
        ("Not Found: /x/sam%40example.com/", ["sam%40example.com", "example.com"]),
        ("Not Found: /services/near/ME14+1XX/", ["ME14+1XX", "1XX"]),
        ("Not Found: /services/near/ME14%201XX/", ["1XX"]),
        ("a search for CT1%202AB failed", ["2AB"]),
    ],
)
def test_encoded_personal_data_is_removed(text: str, leaks: list[str]) -> None:
    cleaned = redact(text)
    assert not [leak for leak in leaks if leak in cleaned], cleaned


def test_the_whole_query_goes_past_an_apostrophe_and_the_rest_of_the_line_stays() -> None:
    cleaned = redact("GET /services/?q=o'brien&district=thanet HTTP/1.1 200")
    assert cleaned == "GET /services/?[query removed] HTTP/1.1 200"


def test_a_path_keeps_no_encoded_email() -> None:
    assert "example" not in redact_path("/x/sam%40example.com/?a=b")
