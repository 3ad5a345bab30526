"""The one postcode field every form uses: GOV.UK messages, one normal form."""

from __future__ import annotations

import pytest
from django import forms

from carers_portal.core.forms import PostcodeField


@pytest.mark.parametrize(
    ("raw", "allow_outward", "expected"),
    [
        ("me141xx", False, "ME14 1XX"),
        ("  ct5  1aa ", False, "CT5 1AA"),
        ("ct5", True, "CT5"),
        ("", False, ""),
    ],
)
def test_a_postcode_is_cleaned_to_its_normal_form(raw: str, allow_outward: bool, expected: str) -> None:
    assert PostcodeField(required=False, allow_outward=allow_outward).clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "allow_outward", "message"),
    [
        ("CT5", False, "Enter a full UK postcode, like ME14 1XX"),
        ("not a postcode", False, "Enter a real postcode, like ME14 1XX"),
        ("not a postcode", True, "Enter a real postcode, like ME14 1XX"),
        ("ME14 1XX ME14 1XX", False, "Enter a real postcode, like ME14 1XX"),
        ("", False, "Enter a postcode"),
    ],
)
def test_a_postcode_that_will_not_do_gets_a_gov_uk_message(raw: str, allow_outward: bool, message: str) -> None:
    with pytest.raises(forms.ValidationError) as error:
        PostcodeField(allow_outward=allow_outward).clean(raw)
    assert error.value.messages == [message]
