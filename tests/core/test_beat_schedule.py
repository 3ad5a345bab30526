"""Beat's schedule: every entry at wall-clock times, so restarting beat can never starve a job."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab

from carers_portal.celery import app

LONDON = ZoneInfo("Europe/London")


def test_every_beat_entry_is_a_crontab(settings: Any) -> None:
    # An interval (e.g. 24 hours) counts from beat's start: a beat recreated every day never runs it.
    assert settings.CELERY_BEAT_SCHEDULE
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert isinstance(entry["schedule"], crontab), name
    assert settings.CELERY_TIMEZONE == "Europe/London"


@pytest.mark.parametrize(
    ("name", "due"),
    [("referrals-purge-expired", (3, 0)), ("consultation-drafts-purge", (3, 15))],
)
@pytest.mark.parametrize("day", [datetime(2026, 1, 14), datetime(2026, 7, 14)])  # GMT and BST
def test_a_beat_restarted_minutes_before_a_daily_purge_still_runs_it_on_time(
    settings: Any, name: str, due: tuple[int, int], day: datetime
) -> None:
    schedule = copy.copy(settings.CELERY_BEAT_SCHEDULE[name]["schedule"])
    schedule.app = app  # as beat does: the timezone comes from the Celery app's configuration
    hour, minute = due
    restarted = day.replace(hour=hour - 1, minute=50, tzinfo=LONDON)  # beat takes its start as the last run
    ran = day.replace(hour=hour, minute=minute, tzinfo=LONDON)

    with time_machine.travel(ran.replace(second=1), tick=False):
        assert schedule.is_due(restarted).is_due, f"{name} is not due at {hour:02}:{minute:02} UK time"
        # ...and once it has run then, not again that day.
        assert not schedule.is_due(ran).is_due
