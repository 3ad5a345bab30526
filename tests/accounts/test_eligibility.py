"""Regulation 3 (carers) as a table of cases: the indicative outcome and the reasons that drive it."""

from __future__ import annotations

import pytest

from accounts.eligibility import (
    Ability,
    EligibilityAnswers,
    Health,
    Impact,
    Indication,
    NecessaryCare,
    Outcome,
    eligibility_indicate,
)

A = Ability
ALL_FINE = dict.fromkeys(Outcome, A.WITHOUT_DIFFICULTY)
NONE_RELEVANT = dict.fromkeys(Outcome, A.NOT_RELEVANT)


def outcomes(**changes: Ability) -> dict[Outcome, Ability]:
    return ALL_FINE | {Outcome(k): v for k, v in changes.items()}


def answers(
    *,
    necessary: NecessaryCare | None = NecessaryCare.YES,
    health: Health | None = Health.NOT_AFFECTED,
    outs: dict[Outcome, Ability] | None = None,
    impact: Impact | None = Impact.SIGNIFICANT,
    adult: bool = True,
) -> EligibilityAnswers:
    return EligibilityAnswers(
        necessary_care=necessary,
        health=health,
        outcomes=ALL_FINE if outs is None else outs,
        impact=impact,
        cares_for_adult=adult,
    )


CASES = [
    # (id, answers, expected indication, expected unable outcomes, text that must be in the reasons)
    (
        "one outcome is enough",
        answers(outs=outcomes(recreation=A.NEEDS_HELP)),
        Indication.LIKELY,
        (Outcome.RECREATION,),
        "One is enough",
    ),
    (
        "any single outcome, e.g. nutrition",
        answers(outs=outcomes(nutrition=A.NEEDS_HELP)),
        Indication.LIKELY,
        (Outcome.NUTRITION,),
        "eating well",
    ),
    (
        "child care outcome counts",
        answers(outs=outcomes(child_care=A.NEEDS_HELP)),
        Indication.LIKELY,
        (Outcome.CHILD_CARE,),
        "looking after a child",
    ),
    (
        "distress counts as unable",
        answers(outs=outcomes(home=A.DISTRESS)),
        Indication.LIKELY,
        (Outcome.HOME,),
        "keeping your home",
    ),
    (
        "danger counts as unable",
        answers(outs=outcomes(work=A.ENDANGERS)),
        Indication.LIKELY,
        (Outcome.WORK,),
        "working, training",
    ),
    (
        "several outcomes all listed",
        answers(outs=outcomes(relationships=A.NEEDS_HELP, community=A.DISTRESS)),
        Indication.LIKELY,
        (Outcome.RELATIONSHIPS, Outcome.COMMUNITY),
        "keeping up your relationships with family and friends and using",
    ),
    (
        "health deterioration alone",
        answers(health=Health.DETERIORATING),
        Indication.LIKELY,
        (),
        "health is getting worse",
    ),
    (
        "risk of health deterioration alone",
        answers(health=Health.AT_RISK),
        Indication.LIKELY,
        (),
        "at risk of getting worse",
    ),
    (
        "health alone even when no outcome is relevant",
        answers(health=Health.AT_RISK, outs=NONE_RELEVANT),
        Indication.LIKELY,
        (),
        "at risk of getting worse",
    ),
    (
        "some difficulty is not unable",
        answers(outs=outcomes(home=A.SOME_DIFFICULTY, work=A.SOME_DIFFICULTY)),
        Indication.UNLIKELY,
        (),
        "can manage the things that are relevant",
    ),
    ("no needs at all", answers(), Indication.UNLIKELY, (), "can manage the things that are relevant"),
    (
        "not relevant answers never count",
        answers(outs=NONE_RELEVANT),
        Indication.UNLIKELY,
        (),
        "none of the things we asked about are relevant",
    ),
    (
        "not relevant mixed with one unable",
        answers(outs=NONE_RELEVANT | {Outcome.HOME: A.NEEDS_HELP}),
        Indication.LIKELY,
        (Outcome.HOME,),
        "keeping your home",
    ),
    (
        "significant impact required",
        answers(outs=outcomes(home=A.NEEDS_HELP), impact=Impact.SOME),
        Indication.UNLIKELY,
        (Outcome.HOME,),
        "need a significant effect",
    ),
    ("no impact", answers(health=Health.DETERIORATING, impact=Impact.NONE), Indication.UNLIKELY, (), "not significant"),
    (
        "likely significant impact is enough",
        answers(health=Health.AT_RISK, impact=Impact.LIKELY_SIGNIFICANT),
        Indication.LIKELY,
        (),
        "likely to have a significant effect",
    ),
    (
        "impact not known",
        answers(health=Health.AT_RISK, impact=Impact.NOT_SURE),
        Indication.UNCLEAR,
        (),
        "not sure how much caring affects",
    ),
    ("impact missing", answers(health=Health.AT_RISK, impact=None), Indication.UNCLEAR, (), "not sure how much"),
    (
        "necessary care required",
        answers(necessary=NecessaryCare.NO, health=Health.DETERIORATING),
        Indication.UNLIKELY,
        (),
        "could manage without the care",
    ),
    (
        "necessary for some of the care is enough",
        answers(necessary=NecessaryCare.SOME, health=Health.AT_RISK),
        Indication.LIKELY,
        (),
        "needs the care you give",
    ),
    (
        "necessary care not known",
        answers(necessary=NecessaryCare.NOT_SURE, health=Health.AT_RISK),
        Indication.UNCLEAR,
        (),
        "not sure whether the person",
    ),
    (
        "care for a child only is outside regulation 3",
        answers(adult=False, health=Health.DETERIORATING),
        Indication.UNLIKELY,
        (),
        "parent carer",
    ),
    (
        "health not sure and nothing unable",
        answers(health=Health.NOT_SURE),
        Indication.UNCLEAR,
        (),
        "do not have enough answers",
    ),
    (
        "outcomes unanswered and nothing unable",
        answers(outs={Outcome.HOME: A.WITHOUT_DIFFICULTY}),
        Indication.UNCLEAR,
        (),
        "do not have enough answers",
    ),
    (
        "a not-met condition outweighs an unknown one",
        answers(necessary=NecessaryCare.NOT_SURE, impact=Impact.NONE, health=Health.DETERIORATING),
        Indication.UNLIKELY,
        (),
        "not significant",
    ),
    ("nothing answered", EligibilityAnswers(), Indication.UNCLEAR, (), "do not have enough answers"),
    (
        "unable outcome with health not sure still counts",
        answers(health=Health.NOT_SURE, outs={Outcome.WORK: A.NEEDS_HELP}),
        Indication.LIKELY,
        (Outcome.WORK,),
        "One is enough",
    ),
]


@pytest.mark.parametrize(("case", "given", "indication", "unable", "reason"), CASES, ids=[c[0] for c in CASES])
def test_regulation_3(
    case: str, given: EligibilityAnswers, indication: Indication, unable: tuple[Outcome, ...], reason: str
) -> None:
    result = eligibility_indicate(given)

    assert result.indication == indication, result.reasons
    assert result.unable_outcomes == unable
    assert any(reason in r for r in result.reasons), result.reasons


def test_every_outcome_alone_is_enough() -> None:
    for outcome in Outcome:
        for ability in (A.NEEDS_HELP, A.DISTRESS, A.ENDANGERS):
            result = eligibility_indicate(answers(outs=outcomes(**{outcome.value: ability})))
            assert result.indication == Indication.LIKELY, (outcome, ability)
            assert result.unable_outcomes == (outcome,)


def test_the_result_never_claims_to_be_a_decision() -> None:
    for _case, given, *_ in CASES:
        result = eligibility_indicate(given)
        assert "eligible" in result.label
        assert all("decision" not in r.lower() for r in result.reasons)
        assert result.reasons, "every result explains itself"
