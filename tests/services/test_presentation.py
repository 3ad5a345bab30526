"""How directory records read to people."""

from __future__ import annotations

import pytest

from services.presentation import distance_text


@pytest.mark.parametrize(
    ("miles", "text"),
    [
        (None, ""),
        (0.2, "Less than a mile away"),
        (1.02, "1 mile away"),
        (1.4, "1.4 miles away"),
        (12.6, "13 miles away"),
    ],
)
def test_distance_text(miles: float | None, text: str) -> None:
    assert distance_text(miles) == text
