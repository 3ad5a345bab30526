from __future__ import annotations

from datetime import date

import pytest

from carers_portal.core.working_days import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 23), True),  # a Monday
        (date(2026, 11, 28), False),  # a Saturday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 28), False),  # Boxing Day substitute (26th is a Saturday)
        (date(2026, 8, 31), False),  # Summer bank holiday (England and Wales)
        (date(2026, 8, 3), True),  # Scotland's summer holiday is not ours
    ],
)
def test_is_working_day_knows_weekends_and_england_and_wales_bank_holidays(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


def test_two_working_days_after_christmas_eve_2026_is_the_30th() -> None:
    # 25 Dec (Fri) and 28 Dec (Mon) are bank holidays, 26-27 the weekend.
    assert add_working_days(date(2026, 12, 24), 2) == date(2026, 12, 30)


def test_working_days_between_counts_after_the_start_up_to_the_end() -> None:
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 24)) == 2  # Fri -> Tue
    assert working_days_between(date(2026, 11, 24), date(2026, 11, 20)) == 0
