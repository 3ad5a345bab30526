"""Regulation 3 of the Care and Support (Eligibility Criteria) Regulations 2015: carers.

One pure function, `eligibility_indicate`, turns a carer's self-assessment answers into an
*indicative* outcome and the plain-English reasons for it. It never decides eligibility: a
supported self-assessment is completed jointly with the council (Care Act Assessment
Regulations 2014), so the portal shows this as a guide and offers the statutory assessment
whatever the answer.

A carer's needs are eligible when ALL of these are true:
1. the needs arise because the carer provides necessary care to an adult;
2. because of those needs, EITHER the carer's physical or mental health is, or is at risk of,
   deteriorating, OR the carer is unable to achieve ANY ONE of the eight outcomes (one is enough
   for carers: "two or more" is the rule for the adult needing care);
3. as a consequence there is, or is likely to be, a significant impact on their wellbeing.
"Unable to achieve" means: cannot do it without help; or can, but it causes significant pain,
distress or anxiety; or can, but it endangers (or is likely to) the health or safety of the carer
or others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    """The eight outcomes in regulation 3(2)(b), in the order of the regulation."""

    CHILD_CARE = "child_care"
    OTHER_CARING = "other_caring"
    HOME = "home"
    NUTRITION = "nutrition"
    RELATIONSHIPS = "relationships"
    WORK = "work"
    COMMUNITY = "community"
    RECREATION = "recreation"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.CHILD_CARE: "looking after a child you are responsible for",
    Outcome.OTHER_CARING: "caring for anyone else you look after",
    Outcome.HOME: "keeping your home clean and safe to live in",
    Outcome.NUTRITION: "eating well and having regular meals",
    Outcome.RELATIONSHIPS: "keeping up your relationships with family and friends",
    Outcome.WORK: "working, training, studying or volunteering",
    Outcome.COMMUNITY: "using local services and facilities",
    Outcome.RECREATION: "doing things you enjoy in your free time",
}


class Ability(StrEnum):
    """The answer scale for each outcome question."""

    WITHOUT_DIFFICULTY = "without_difficulty"
    SOME_DIFFICULTY = "some_difficulty"
    DISTRESS = "distress"
    ENDANGERS = "endangers"
    NEEDS_HELP = "needs_help"
    NOT_RELEVANT = "not_relevant"


ABILITY_LABELS: dict[Ability, str] = {
    Ability.WITHOUT_DIFFICULTY: "I can do this without difficulty",
    Ability.SOME_DIFFICULTY: "I can do this, with some difficulty",
    Ability.DISTRESS: "I can do this, but it causes me a lot of pain, distress or anxiety",
    Ability.ENDANGERS: "I can do this, but it puts my health or safety, or someone else's, at risk",
    Ability.NEEDS_HELP: "I cannot do this without help",
    Ability.NOT_RELEVANT: "Not relevant to me",
}

# The three limbs of "unable to achieve" in regulation 3(3).
UNABLE: frozenset[Ability] = frozenset({Ability.NEEDS_HELP, Ability.DISTRESS, Ability.ENDANGERS})


class Health(StrEnum):
    """Is the carer's physical or mental health getting worse, or at risk of it, because of caring?"""

    DETERIORATING = "deteriorating"
    AT_RISK = "at_risk"
    NOT_AFFECTED = "not_affected"
    NOT_SURE = "not_sure"


class NecessaryCare(StrEnum):
    """Does the person cared for need the care the carer gives?"""

    YES = "yes"
    SOME = "some"
    NO = "no"
    NOT_SURE = "not_sure"


class Impact(StrEnum):
    """Overall effect of caring on the carer's wellbeing, now or soon."""

    SIGNIFICANT = "significant"
    LIKELY_SIGNIFICANT = "likely_significant"
    SOME = "some"
    NONE = "none"
    NOT_SURE = "not_sure"


class Indication(StrEnum):
    LIKELY = "likely"
    UNLIKELY = "unlikely"
    UNCLEAR = "unclear"


INDICATION_LABELS: dict[Indication, str] = {
    Indication.LIKELY: "You are likely to have eligible needs for support",
    Indication.UNLIKELY: "You may not have eligible needs for support",
    Indication.UNCLEAR: "We cannot tell yet whether you have eligible needs for support",
}


@dataclass(frozen=True)
class EligibilityAnswers:
    """The answers regulation 3 looks at. Missing answers are None."""

    necessary_care: NecessaryCare | None = None
    health: Health | None = None
    outcomes: Mapping[Outcome, Ability] = field(default_factory=dict)
    impact: Impact | None = None
    # Regulation 3 is about care for an adult (18 or over).
    cares_for_adult: bool = True


@dataclass(frozen=True)
class EligibilityResult:
    indication: Indication
    reasons: tuple[str, ...]
    unable_outcomes: tuple[Outcome, ...]
    health_at_risk: bool

    @property
    def label(self) -> str:
        return INDICATION_LABELS[self.indication]


def _join(labels: list[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def eligibility_indicate(answers: EligibilityAnswers) -> EligibilityResult:
    """Apply regulation 3 to the answers; return the indicative outcome and why, in plain words."""
    reasons: list[str] = []
    met: list[bool | None] = []  # True met, False not met, None unknown, per condition

    # Condition 1: necessary care to an adult.
    if not answers.cares_for_adult:
        met.append(False)
        reasons.append(
            "The rules for carers' assessments cover caring for an adult. If you care for a disabled child, "
            "ask for a parent carer's needs assessment instead."
        )
    elif answers.necessary_care in (NecessaryCare.YES, NecessaryCare.SOME):
        met.append(True)
        reasons.append("You said the person you care for needs the care you give.")
    elif answers.necessary_care == NecessaryCare.NO:
        met.append(False)
        reasons.append(
            "You said the person you care for could manage without the care you give. "
            "The rules look at needs that come from giving care the person needs."
        )
    else:
        met.append(None)
        reasons.append("You were not sure whether the person you care for needs the care you give.")

    # Condition 2: health deterioration (alone is enough) OR unable to achieve any ONE outcome.
    health_at_risk = answers.health in (Health.DETERIORATING, Health.AT_RISK)
    unable = tuple(o for o in Outcome if answers.outcomes.get(o) in UNABLE)
    if health_at_risk:
        if answers.health == Health.DETERIORATING:
            reasons.append("You said your physical or mental health is getting worse because of caring.")
        else:
            reasons.append("You said your physical or mental health is at risk of getting worse because of caring.")
    if unable:
        noun = "this" if len(unable) == 1 else "these"
        reasons.append(
            f"You said you cannot manage {noun} without help, or only with distress or risk: "
            f"{_join([o.label for o in unable])}. One is enough."
        )
    if health_at_risk or unable:
        met.append(True)
    else:
        answered = [o for o in Outcome if answers.outcomes.get(o) is not None]
        relevant = [o for o in answered if answers.outcomes[o] != Ability.NOT_RELEVANT]
        if answers.health in (None, Health.NOT_SURE) or len(answered) < len(Outcome):
            met.append(None)
            reasons.append(
                "We do not have enough answers about your health and the things you need to do "
                "to tell whether caring stops you managing any of them."
            )
        else:
            met.append(False)
            if relevant:
                reasons.append(
                    "You said your health is not getting worse because of caring, and you can manage "
                    "the things that are relevant to you without help, distress or risk."
                )
            else:
                reasons.append(
                    "You said your health is not getting worse because of caring, and none of the "
                    "things we asked about are relevant to you."
                )

    # Condition 3: a significant impact on wellbeing, now or likely.
    if answers.impact == Impact.SIGNIFICANT:
        met.append(True)
        reasons.append("You said caring has a significant effect on your wellbeing.")
    elif answers.impact == Impact.LIKELY_SIGNIFICANT:
        met.append(True)
        reasons.append("You said caring is likely to have a significant effect on your wellbeing soon.")
    elif answers.impact in (Impact.SOME, Impact.NONE):
        met.append(False)
        reasons.append(
            "You said the effect of caring on your wellbeing is not significant. "
            "The rules need a significant effect, now or soon."
        )
    else:
        met.append(None)
        reasons.append("You were not sure how much caring affects your wellbeing overall.")

    if all(m is True for m in met):
        indication = Indication.LIKELY
    elif any(m is False for m in met):
        indication = Indication.UNLIKELY
    else:
        indication = Indication.UNCLEAR
    return EligibilityResult(
        indication=indication, reasons=tuple(reasons), unable_outcomes=unable, health_at_risk=health_at_risk
    )
