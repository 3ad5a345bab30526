"""Cohen's kappa against hand-worked examples."""

from __future__ import annotations

import pytest

from consultations.selectors.themes import cohens_kappa


def test_kappa_matches_the_hand_worked_yes_no_example() -> None:
    # 50 answers: both said yes to 20, only the first to 5, only the second to 10, neither to 15.
    # Observed agreement (20 + 15) / 50 = 0.7. The first says yes to 25/50 = 0.5, the second to 30/50 = 0.6,
    # so chance agreement is 0.5 x 0.6 + 0.5 x 0.4 = 0.5 and kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    first = [True] * 20 + [True] * 5 + [False] * 10 + [False] * 15
    second = [True] * 20 + [False] * 5 + [True] * 10 + [False] * 15
    assert cohens_kappa(first, second) == pytest.approx(0.4)


def test_kappa_with_three_labels() -> None:
    # 10 items. Agreement on 7: observed 0.7. First: a 4, b 3, c 3; second: a 3, b 4, c 3.
    # Chance (4x3 + 3x4 + 3x3) / 100 = 0.33, so kappa = (0.7 - 0.33) / 0.67 = 0.5522...
    first = ["a", "a", "a", "a", "b", "b", "b", "c", "c", "c"]
    second = ["a", "a", "a", "b", "b", "b", "c", "c", "c", "b"]
    assert cohens_kappa(first, second) == pytest.approx(0.37 / 0.67)


def test_perfect_agreement_is_one_and_chance_level_is_zero() -> None:
    assert cohens_kappa([True, False, True, False], [True, False, True, False]) == pytest.approx(1.0)
    # Each says yes half the time, independently: agreement 0.5, chance 0.5.
    assert cohens_kappa([True, True, False, False], [True, False, True, False]) == pytest.approx(0.0)


def test_kappa_is_undefined_without_items_or_variation() -> None:
    assert cohens_kappa([], []) is None
    assert cohens_kappa([False, False, False], [False, False, False]) is None
    with pytest.raises(ValueError, match="same items"):
        cohens_kappa([True], [True, False])
