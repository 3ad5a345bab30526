"""Who may do what: the portal's one permission policy.

Every admin class, staff view, export and API endpoint asks this module; none decides for itself.
`RULES` is the role-by-action table (docs/permissions.md shows the same table and a test holds the two
together). `PROVIDER_EDITABLE_FIELDS` lists the only fields a role with "own organisation" scope may
change: any other field, including one added to a model later, is read-only to providers (default deny).
"""

from __future__ import annotations

import enum
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from accounts.models import KeyedInSelfAssessment
from services.referrals.models import StaffMembership

_Record = TypeVar("_Record", bound=Model)


class Role(enum.StrEnum):
    CARER = "carer"
    PROVIDER_TEAM_MEMBER = "provider team member"
    PROVIDER_MANAGER = "provider manager"
    COUNCIL_TRIAGE = "council triage"
    COMMISSIONER = "commissioner"
    SUPERUSER = "superuser"


class Scope(enum.StrEnum):
    NONE = "no"
    OWN = "own organisation"
    ALL = "all"


# Actions are "<area>.<verb>". An area is a group of records (the admin models in AREA_MODELS).
_T, _M, _C, _CO, _S = (
    Role.PROVIDER_TEAM_MEMBER,
    Role.PROVIDER_MANAGER,
    Role.COUNCIL_TRIAGE,
    Role.COMMISSIONER,
    Role.SUPERUSER,
)


def _rule(*, own: tuple[Role, ...] = (), all_: tuple[Role, ...] = (_CO, _S)) -> dict[Role, Scope]:
    return {role: Scope.ALL if role in all_ else Scope.OWN if role in own else Scope.NONE for role in Role}


RULES: dict[str, dict[Role, Scope]] = {
    # A service's listing: a provider's manager keeps their own organisation's details (PROVIDER_EDITABLE_FIELDS).
    "listing.view": _rule(own=(_M,)),
    "listing.change": _rule(own=(_M,)),
    "listing.add": _rule(),
    "listing.delete": _rule(),
    "listing.import": _rule(),
    "listing.export": _rule(),
    # The rest of the directory: organisations, places, categories, postcodes, scheduled eligibility changes.
    "directory.view": _rule(),
    "directory.change": _rule(),
    "directory.add": _rule(),
    "directory.delete": _rule(),
    # The triage queue: provider staff see their organisation's referrals; council staff see all.
    "referrals.view": _rule(own=(_T, _M), all_=(_C, _CO, _S)),
    "referrals.change": _rule(own=(_T, _M), all_=(_C, _CO, _S)),
    "referrals.add": _rule(all_=()),  # referrals come from the public journey, never the admin
    "referrals.delete": _rule(all_=()),  # the retention purge anonymises them
    "referrals.export": _rule(own=(_M,)),
    "referrals.legal_hold": _rule(),
    # Referring a person on to another service (a hand-off): whoever triages the referral, for their own
    # organisation's referrals; council triage for any. Commissioners do not triage.
    "referrals.hand_off": _rule(own=(_T, _M), all_=(_C, _S)),
    # Consultations: authoring, responses, results and draft documents (these three need 2FA this session).
    "consultations.view": _rule(),
    "consultations.change": _rule(),
    "consultations.add": _rule(),
    "consultations.delete": _rule(),
    "consultations.results": _rule(),
    "consultations.draft_documents": _rule(),
    "consultations.export": _rule(),
    # The carers' information pages: every member of staff may read them; commissioners keep them.
    "information_pages.view": _rule(all_=(_T, _M, _C, _CO, _S)),
    "information_pages.change": _rule(),
    "information_pages.add": _rule(),
    "information_pages.delete": _rule(),
    # Outcome measures: a provider's staff record their own people's outcomes; commissioners read every
    # provider's (the contract-monitoring report) and nobody but a superuser edits another organisation's.
    "outcomes.view": _rule(own=(_T, _M)),
    "outcomes.change": _rule(own=(_T, _M), all_=(_S,)),
    "outcomes.add": _rule(own=(_T, _M), all_=(_S,)),
    "outcomes.delete": _rule(all_=(_S,)),
    # Paper self-assessments keyed in by staff for carers without an account: whoever may triage the carer's
    # assessment request keys its paper form in and reads it; nobody edits or deletes what the carer wrote.
    "keyed_in_assessments.view": _rule(own=(_T, _M), all_=(_C, _CO, _S)),
    "keyed_in_assessments.add": _rule(own=(_T, _M), all_=(_C, _CO, _S)),
    "keyed_in_assessments.change": _rule(all_=()),
    "keyed_in_assessments.delete": _rule(all_=()),
    # People and security: accounts, staff memberships, sign-in records, the audit trail and the outbox.
    "accounts.view": _rule(all_=(_S,)),
    "accounts.change": _rule(all_=(_S,)),
    "accounts.add": _rule(all_=(_S,)),
    "accounts.delete": _rule(all_=(_S,)),
    "logs.view": _rule(all_=(_S,)),
}

# Which records each area covers (model labels). A registered admin model in no area is superuser-only.
AREA_MODELS: dict[str, tuple[str, ...]] = {
    "listing": (
        "services.Service",
        "services.Phone",
        "services.Schedule",
        "services.Contact",
        "services.CostOption",
        "services.Language",
        "services.ServiceAtLocation",
        "services.ServiceArea",
    ),
    "directory": (
        "services.EligibilityChange",
        "services.Organisation",
        "services.Location",
        "services.Taxonomy",
        "services.TaxonomyTerm",
        "services.Postcode",
    ),
    "referrals": (
        "referrals.Referral",
        "referrals.ReferralNote",
        "referrals.ContactAttempt",
        "referrals.SupportReview",
    ),
    "consultations": (
        "consultations.Consultation",
        "consultations.Section",
        "consultations.Question",
        "consultations.Option",
        "consultations.Document",
        "consultations.ConsultationEvent",
        "consultations.Outreach",
        "consultations.PublishedTable",
        "consultations.Theme",
        "consultations.Response",
        "consultations.Answer",
        "consultations.EqualityAnswer",
        "consultations.Subscription",
    ),
    "information_pages": ("guides.InformationPage", "guides.PageLink"),
    "outcomes": ("outcomes.Outcome", "outcomes.CarerStatements"),
    "keyed_in_assessments": ("accounts.KeyedInSelfAssessment",),
    "accounts": (
        "accounts.User",
        "auth.Group",
        "account.EmailAddress",
        "mfa.Authenticator",
        "referrals.StaffMembership",
    ),
    "logs": (
        "core.AuditEvent",
        "core.OutboundEmail",
        "axes.AccessAttempt",
        "axes.AccessLog",
        "axes.AccessFailureLog",
    ),
}
_AREA_OF = {label: area for area, labels in AREA_MODELS.items() for label in labels}

# Read-only areas: records nobody edits by hand (answers people gave, logs).
READ_ONLY_MODELS = frozenset(
    {
        "consultations.Response",
        "consultations.Answer",
        "consultations.EqualityAnswer",
        "consultations.Subscription",
        "outcomes.CarerStatements",  # carers' anonymous answers: counted, never edited
        *AREA_MODELS["logs"],
    }
)

# The only fields a role with "own organisation" change scope may edit, per model. Anything not listed,
# including every field added to a model later, is read-only to them.
PROVIDER_EDITABLE_FIELDS: dict[str, frozenset[str]] = {
    # Listing details a provider knows best. Who it is for (ages, eligibility, self-referral, dates, where to
    # go instead), what it covers and its name stay with commissioners.
    "services.Service": frozenset(
        {
            "status",
            "alert",
            "summary",
            "description",
            "fees_description",
            "access_methods",
            "application_process",
            "url",
            "email",
            "interpretation_services",
            "wait_time",
        }
    ),
    "services.Phone": frozenset({"number", "extension", "type", "description"}),
    "services.Schedule": frozenset({"weekday", "opens_at", "closes_at", "description", "valid_from", "valid_to"}),
    "services.Contact": frozenset({"name", "title", "department", "email"}),
    "services.CostOption": frozenset({"option", "amount", "amount_description", "valid_from", "valid_to"}),
    "services.Language": frozenset({"name", "code", "note"}),
    # Triage: the next status (and why), assignment, level of need, where they were signposted, start date.
    "referrals.Referral": frozenset(
        {"move_to", "reason", "assigned_to", "need_level", "signposted_to", "support_started_on"}
    ),
    "referrals.ReferralNote": frozenset({"text"}),
    "referrals.ContactAttempt": frozenset({"made_at", "method", "outcome", "note"}),
    # A person's outcome measures at the end of support (the organisation is always the provider's own).
    "outcomes.Outcome": frozenset(
        {
            "service",
            "support_ended_on",
            "swemwbs_start",
            "swemwbs_end",
            "would_recommend",
            "had_tenancy",
            "tenancy_kept",
            "unemployed_at_start",
            "started_paid_work",
        }
    ),
    # A paper self-assessment: what staff key in (on the key-in page; once stored, nobody changes it).
    "accounts.KeyedInSelfAssessment": frozenset({"referral", "about", "answers"}),
    # A carer's review: its outcome (the review itself is scheduled by the daily sweep).
    "referrals.SupportReview": frozenset({"outcome", "outcome_notes"}),
}
# Council triage staff have "all" scope on referrals but triage only: the legal hold stays with commissioners.
COUNCIL_TRIAGE_EDITABLE_FIELDS = {
    label: fields for label, fields in PROVIDER_EDITABLE_FIELDS.items() if label.startswith("referrals.")
}

_MEMBERSHIP_CACHE = "_policy_staff_membership"


def staff_membership_for(*, user: Any) -> StaffMembership | None:
    """The user's organisation membership, remembered on the user object (one query per request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, _MEMBERSHIP_CACHE):
        membership = StaffMembership.objects.select_related("organisation").filter(user_id=user.pk).first()
        setattr(user, _MEMBERSHIP_CACHE, membership)
    cached: StaffMembership | None = getattr(user, _MEMBERSHIP_CACHE)
    return cached


def role_of(user: Any) -> Role | None:
    """The person's role, or None when signed out, inactive, or staff with no role or organisation."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not user.is_staff:
        return Role.CARER
    if user.is_superuser:
        return Role.SUPERUSER
    if user.staff_role == user.StaffRole.COMMISSIONER:
        return Role.COMMISSIONER
    if user.staff_role == user.StaffRole.COUNCIL_TRIAGE:
        return Role.COUNCIL_TRIAGE
    membership = staff_membership_for(user=user)
    if membership is None:
        return None
    return Role.PROVIDER_MANAGER if membership.role == StaffMembership.Role.MANAGER else Role.PROVIDER_TEAM_MEMBER


def scope_for(user: Any, action: str) -> Scope:
    role = role_of(user)
    return Scope.NONE if role is None else RULES[action][role]


def user_can(user: Any, action: str) -> bool:
    """Whether the person may take `action` on at least some records (their own organisation's, or all)."""
    return scope_for(user, action) != Scope.NONE


def user_organisation_id(user: Any) -> int | None:
    """The organisation a provider's staff member works for (their "own organisation" scope)."""
    membership = staff_membership_for(user=user)
    return None if membership is None else membership.organisation_id


def area_of(model: type[Model] | Model) -> str:
    return _AREA_OF.get(model._meta.label, "accounts")


def _organisation_id_of(obj: Model) -> int | None:
    if hasattr(obj, "organisation_id"):
        return obj.organisation_id  # type: ignore[no-any-return]
    for parent in ("service", "referral"):
        related = getattr(obj, parent, None)
        if isinstance(related, Model):
            return _organisation_id_of(related)
    return None


# A listing's rows (phone numbers, opening times...) are part of changing the listing, not separate records.
LISTING_PARTS = frozenset(AREA_MODELS["listing"]) - {"services.Service"}
# Notes and contact attempts on a referral: whoever triages it adds them; nobody edits or deletes them.
ADD_ONLY_MODELS = frozenset({"referrals.ReferralNote", "referrals.ContactAttempt"})


def user_can_on(user: Any, verb: str, model: type[Model], obj: Model | None = None) -> bool:
    """Whether the person may `verb` (view, add, change, delete) records of `model` (this one, if given).

    For an inline, `obj` is the record it belongs to (the service or referral)."""
    label = model._meta.label
    if verb != "view" and label in READ_ONLY_MODELS:
        return False
    if label in ADD_ONLY_MODELS:
        if verb in ("change", "delete"):
            return False
        verb = "change" if verb == "add" else verb
    if label in LISTING_PARTS and verb in ("add", "delete"):
        verb = "change"
    scope = scope_for(user, f"{area_of(model)}.{verb}")
    if scope == Scope.NONE:
        return False
    if scope == Scope.ALL:
        return True
    # Own organisation: only the records providers have fields on, and only their organisation's.
    if label not in PROVIDER_EDITABLE_FIELDS:
        return False
    return obj is None or _organisation_id_of(obj) == user_organisation_id(user)


def records_visible_to(user: Any, action: str, records: QuerySet[_Record]) -> QuerySet[_Record]:
    """Of `records` (with an `organisation` field), those `action` (such as "referrals.view") lets the person see:
    all, their own organisation's, or none (signed out, not staff, or a provider without a membership)."""
    scope = scope_for(user, action)
    if scope == Scope.ALL:
        return records
    organisation_id = user_organisation_id(user)
    if scope == Scope.OWN and organisation_id is not None:
        return records.filter(organisation_id=organisation_id)
    return records.none()


def user_editable_fields(user: Any, model: type[Model]) -> frozenset[str] | None:
    """The fields the person may change on `model`: None means every field the admin offers."""
    label = model._meta.label
    role = role_of(user)
    if role is None or (not user_can_on(user, "change", model) and not user_can_on(user, "add", model)):
        return frozenset()
    if role == Role.COUNCIL_TRIAGE:
        return COUNCIL_TRIAGE_EDITABLE_FIELDS.get(label, frozenset())
    if scope_for(user, f"{area_of(model)}.change") == Scope.OWN:
        return PROVIDER_EDITABLE_FIELDS.get(label, frozenset())
    return None


def user_can_export_referrals(user: Any) -> bool:
    return user_can(user, "referrals.export")


def user_can_triage(user: Any) -> bool:
    return user_can(user, "referrals.change")


def user_can_hand_off(user: Any, referral: Model | None = None) -> bool:
    """Whether the person may refer someone on to another service (from this referral, if given): own-organisation
    scope covers only the referrals their organisation received."""
    scope = scope_for(user, "referrals.hand_off")
    if scope == Scope.NONE or referral is None:
        return scope != Scope.NONE
    return scope == Scope.ALL or _organisation_id_of(referral) == user_organisation_id(user)


def user_can_set_legal_hold(user: Any) -> bool:
    return user_can(user, "referrals.legal_hold")


def user_is_commissioner(user: Any) -> bool:
    """Council commissioners (and superusers): consultations, the whole directory, every organisation."""
    return role_of(user) in (Role.COMMISSIONER, Role.SUPERUSER)


def user_can_see_consultation_results(user: Any, *, published: bool) -> bool:
    """Published results are everyone's; before that, results, reports and exports are for the policy's roles (the
    caller then asks for two-step verification used this session)."""
    return published or user_can(user, "consultations.results")


def user_can_see_draft_documents(user: Any, *, two_step_verified: bool) -> bool:
    """Draft consultation documents: the policy's roles, with two-step verification used this session, as for
    results."""
    return two_step_verified and user_can(user, "consultations.draft_documents")


def user_can_import_services(user: Any) -> bool:
    return user_can(user, "listing.import")


def user_can_export_services(user: Any) -> bool:
    return user_can(user, "listing.export")


def user_can_key_in_self_assessment(user: Any, *, record: Model | None = None) -> bool:
    """Whether the person may key in a paper self-assessment (for `record`'s organisation: a carer's assessment
    request, or the carers' organisation's service a new request would go to)."""
    return user_can_on(user, "add", KeyedInSelfAssessment, record)
