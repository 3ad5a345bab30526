"""Counts and whole-number percentages, shared by the results and the themes."""

from __future__ import annotations

from dataclasses import dataclass


def percent(count: int, total: int) -> int:
    """Whole-number percentage, rounded half up (as published reports do)."""
    return int(count * 100 / total + 0.5) if total else 0


@dataclass
class Bar:
    label: str
    count: int
    percent: int
