"""The triage state machine, as a pure function: every pair of statuses."""

from __future__ import annotations

import itertools

import pytest

from services.referrals.triage import Status, allowed_targets, transition_error

ALLOWED = {
    (Status.NEW, Status.IN_TRIAGE),
    (Status.IN_TRIAGE, Status.ACCEPTED),
    (Status.IN_TRIAGE, Status.SIGNPOSTED),
    (Status.IN_TRIAGE, Status.DECLINED),
    (Status.IN_TRIAGE, Status.COULD_NOT_CONTACT),
    (Status.ACCEPTED, Status.CLOSED),
    (Status.SIGNPOSTED, Status.CLOSED),
    (Status.DECLINED, Status.CLOSED),
    (Status.COULD_NOT_CONTACT, Status.CLOSED),
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(Status, Status)))
def test_only_the_documented_transitions_are_allowed(current: Status, target: Status) -> None:
    error = transition_error(current=current, target=target, reason="a reason")
    if (current, target) in ALLOWED:
        assert error is None
    else:
        assert error, f"{current} -> {target} should be refused"


def test_declining_needs_a_reason() -> None:
    assert transition_error(current=Status.IN_TRIAGE, target=Status.DECLINED) == (
        "Enter the reason for declining this referral"
    )
    assert transition_error(current=Status.IN_TRIAGE, target=Status.DECLINED, reason="   ") is not None
    assert transition_error(current=Status.IN_TRIAGE, target=Status.DECLINED, reason="Outside our area") is None


def test_refusals_say_what_is_possible_instead() -> None:
    assert transition_error(current=Status.NEW, target=Status.ACCEPTED) == (
        "You cannot move a referral from new to accepted. It can go to in triage"
    )
    assert transition_error(current=Status.CLOSED, target=Status.NEW) == (
        "A referral that is closed cannot be moved to another status"
    )
    assert transition_error(current=Status.NEW, target=Status.NEW) == "This referral is already new"
    assert transition_error(current=Status.NEW, target="nonsense") == "Select a status from the list"


def test_closed_is_the_end() -> None:
    assert allowed_targets(Status.CLOSED) == ()
    assert set(allowed_targets(Status.IN_TRIAGE)) == {
        Status.ACCEPTED,
        Status.SIGNPOSTED,
        Status.DECLINED,
        Status.COULD_NOT_CONTACT,
    }
