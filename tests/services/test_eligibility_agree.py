"""The two ways SQL reads the one rule of who a service is for on a day (services.selectors.eligibility) agree over
generated cases: the filters the search and the referral check use (`covers_on`, `serves_age`, `serves_need_level`,
built with `eligible_on`) and the values a page shows (`eligibility_values`, read by
services.eligibility.eligibility_on), scheduled changes and "a change without districts keeps the ones before it"
included. (tests/services/test_eligibility_one_rule.py shows that changing the rule changes both.)"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.eligibility import eligibility_on
from services.models import EligibilityChange, NeedLevel, Service
from services.selectors.eligibility import covers_on, serves_age, serves_need_level
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db

DISTRICTS = ["canterbury", "dover", "thanet"]
LEVELS = [level.value for level in NeedLevel]
START = date(2026, 1, 1)

districts = st.lists(st.sampled_from(DISTRICTS), unique=True, max_size=2)
levels = st.lists(st.sampled_from(LEVELS), unique=True, max_size=2)
ages = st.tuples(st.none() | st.integers(0, 90), st.none() | st.integers(0, 90)).map(
    lambda pair: pair if None in pair or pair[0] <= pair[1] else (pair[1], pair[0])
)
change = st.tuples(st.integers(0, 60), districts, levels, ages, st.sampled_from(list(EligibilityChange.Status)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    own=st.tuples(districts, levels, ages),
    changes=st.lists(change, max_size=3, unique_by=lambda c: c[0]),
    day=st.integers(-5, 70),
    age=st.integers(0, 95),
)
def test_the_filters_and_the_values_shown_agree(
    own: tuple[list[str], list[str], tuple[int | None, int | None]],
    changes: list[tuple[int, list[str], list[str], tuple[int | None, int | None], str]],
    day: int,
    age: int,
) -> None:
    on = START + timedelta(days=day)
    with transaction.atomic():
        service = ServiceFactory(districts=own[0], need_levels=own[1], minimum_age=own[2][0], maximum_age=own[2][1])
        for offset, moved_to, need_levels, (low, high), status in changes:
            EligibilityChange.objects.create(
                service=service,
                status=status,
                takes_effect_on=START + timedelta(days=offset),
                districts=moved_to,
                need_levels=need_levels,
                minimum_age=low,
                maximum_age=high,
            )
        shown = eligibility_on(service=service, on=on)
        one = Service.objects.filter(pk=service.pk)
        for district in DISTRICTS:
            in_sql = one.filter(covers_on(districts=[district], on=on)).exists()
            assert in_sql == (district in shown.districts), (district, shown)
        for level in LEVELS:
            in_sql = one.filter(serves_need_level(level=level, on=on)).exists()
            assert in_sql == (not shown.need_levels or level in shown.need_levels), (level, shown)
        in_range = (shown.minimum_age is None or shown.minimum_age <= age) and (
            shown.maximum_age is None or age <= shown.maximum_age
        )
        assert one.filter(serves_age(age=age, on=on)).exists() == in_range, (age, shown)
        transaction.set_rollback(True)
