"""Who a service is for on a day, read two ways, agrees over generated cases: the search's SQL filters
(services.selectors.eligibility covers_on, serves_age, serves_need_level) and the Python rule the service page and the
referral check read (services.eligibility.eligibility_on), scheduled changes and "a change without districts keeps
the ones before it" included.

(Issue 25.2 asks for one definition both read; until then this pins the two to each other.)"""

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
change = st.tuples(st.integers(0, 60), districts, levels, ages)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    own=st.tuples(districts, levels, ages),
    changes=st.lists(change, max_size=3, unique_by=lambda c: c[0]),
    day=st.integers(-5, 70),
    age=st.integers(0, 95),
)
def test_search_filters_and_the_python_rule_agree(
    own: tuple[list[str], list[str], tuple[int | None, int | None]],
    changes: list[tuple[int, list[str], list[str], tuple[int | None, int | None]]],
    day: int,
    age: int,
) -> None:
    on = START + timedelta(days=day)
    with transaction.atomic():
        service = ServiceFactory(districts=own[0], need_levels=own[1], minimum_age=own[2][0], maximum_age=own[2][1])
        for offset, moved_to, need_levels, (low, high) in changes:
            EligibilityChange.objects.create(
                service=service,
                takes_effect_on=START + timedelta(days=offset),
                districts=moved_to,
                need_levels=need_levels,
                minimum_age=low,
                maximum_age=high,
            )
        service = Service.objects.prefetch_related("eligibility_changes").get(pk=service.pk)
        python = eligibility_on(service=service, on=on)
        one = Service.objects.filter(pk=service.pk)
        for district in DISTRICTS:
            in_sql = one.filter(covers_on(districts=[district], on=on)).exists()
            assert in_sql == (district in python.districts), (district, python)
        for level in LEVELS:
            in_sql = one.filter(serves_need_level(level=level, on=on)).exists()
            assert in_sql == (not python.need_levels or level in python.need_levels), (level, python)
        in_range = (python.minimum_age is None or python.minimum_age <= age) and (
            python.maximum_age is None or age <= python.maximum_age
        )
        assert one.filter(serves_age(age=age, on=on)).exists() == in_range, (age, python)
        transaction.set_rollback(True)
