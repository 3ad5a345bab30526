"""Realistic synthetic directory records for scale work (`manage.py generate_directory`)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from services.models import (
    AccessMethod,
    Audience,
    Condition,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from services.selectors.directory import DIRECTORY_TAXONOMY_NAME
from services.services.directory import directory_index_refresh

# Towns with approximate centres, so generated places sort sensibly by distance.
TOWNS: list[tuple[str, str, str, float, float]] = [
    ("Ashford", "ashford", "TN23", 51.146, 0.875),
    ("Tenterden", "ashford", "TN30", 51.068, 0.688),
    ("Canterbury", "canterbury", "CT1", 51.279, 1.080),
    ("Whitstable", "canterbury", "CT5", 51.360, 1.025),
    ("Herne Bay", "canterbury", "CT6", 51.371, 1.127),
    ("Dartford", "dartford", "DA1", 51.446, 0.217),
    ("Swanscombe", "dartford", "DA10", 51.447, 0.309),
    ("Dover", "dover", "CT16", 51.127, 1.313),
    ("Deal", "dover", "CT14", 51.223, 1.401),
    ("Folkestone", "folkestone-and-hythe", "CT20", 51.081, 1.166),
    ("Hythe", "folkestone-and-hythe", "CT21", 51.071, 1.084),
    ("Gravesend", "gravesham", "DA12", 51.441, 0.370),
    ("Maidstone", "maidstone", "ME14", 51.272, 0.529),
    ("Sevenoaks", "sevenoaks", "TN13", 51.272, 0.190),
    ("Swanley", "sevenoaks", "BR8", 51.397, 0.173),
    ("Sittingbourne", "swale", "ME10", 51.340, 0.733),
    ("Faversham", "swale", "ME13", 51.315, 0.891),
    ("Sheerness", "swale", "ME12", 51.440, 0.762),
    ("Margate", "thanet", "CT9", 51.386, 1.383),
    ("Ramsgate", "thanet", "CT11", 51.335, 1.419),
    ("Broadstairs", "thanet", "CT10", 51.359, 1.439),
    ("Tonbridge", "tonbridge-and-malling", "TN9", 51.195, 0.275),
    ("West Malling", "tonbridge-and-malling", "ME19", 51.293, 0.409),
    ("Tunbridge Wells", "tunbridge-wells", "TN1", 51.132, 0.263),
    ("Cranbrook", "tunbridge-wells", "TN17", 51.097, 0.535),
    ("Chatham", "medway", "ME4", 51.374, 0.529),
    ("Gillingham", "medway", "ME7", 51.386, 0.551),
]


@dataclass(frozen=True)
class Theme:
    kinds: tuple[str, ...]
    categories: tuple[str, ...]
    audiences: tuple[str, ...]
    conditions: tuple[str, ...]
    offer: str


THEMES: list[Theme] = [
    Theme(
        ("Memory Café", "Dementia Friends Group", "Singing for the Brain"),
        ("dementia", "carers-support", "wellbeing-groups"),
        (Audience.PEOPLE_WITH_DEMENTIA, Audience.CARERS),
        (Condition.DEMENTIA,),
        "a relaxed group for people living with dementia and the family members who support them",
    ),
    Theme(
        ("Carers' Coffee Morning", "Carers' Drop-in", "Young Adult Carers Group"),
        ("carers-support", "wellbeing-groups"),
        (Audience.CARERS,),
        (),
        "a chance for unpaid carers to meet, share advice and take a break",
    ),
    Theme(
        ("Walking Group", "Chair Yoga", "Tai Chi Class", "Seated Exercise"),
        ("wellbeing-groups",),
        (Audience.OLDER_PEOPLE,),
        (Condition.FRAILTY,),
        "gentle physical activity at your own pace, with time to chat afterwards",
    ),
    Theme(
        ("Wellbeing Hub", "Talking Group", "Peer Support Circle"),
        ("mental-health", "wellbeing-groups"),
        (Audience.MENTAL_HEALTH, Audience.ADULTS),
        (Condition.MENTAL_HEALTH,),
        "friendly support for your mental health and wellbeing",
    ),
    Theme(
        ("Benefits Advice", "Money Clinic", "Debt Advice Service"),
        ("money-and-benefits", "information-and-advice"),
        (Audience.ADULTS,),
        (),
        "free help with benefits, bills, budgeting and debt",
    ),
    Theme(
        ("Digital Drop-in", "Tablet Club", "Computer Buddies"),
        ("digital-skills", "employment-and-learning"),
        (Audience.OLDER_PEOPLE, Audience.ADULTS),
        (),
        "help to use phones, tablets and the internet safely",
    ),
    Theme(
        ("Befriending Service", "Telephone Friends", "Lunch Club"),
        ("befriending",),
        (Audience.OLDER_PEOPLE,),
        (Condition.FRAILTY,),
        "regular company and friendship for people who feel lonely",
    ),
    Theme(
        ("Community Transport", "Volunteer Car Scheme", "Dial-a-Ride"),
        ("transport",),
        (Audience.OLDER_PEOPLE, Audience.DISABLED_PEOPLE),
        (Condition.PHYSICAL_DISABILITY,),
        "door-to-door transport to appointments and shops",
    ),
    Theme(
        ("Sight Loss Group", "Hearing Support Drop-in", "Deaf Club"),
        ("sensory-impairment",),
        (Audience.SENSORY_IMPAIRMENT,),
        (Condition.SENSORY,),
        "support, equipment and company for people with sight or hearing loss",
    ),
    Theme(
        ("Respite Break Service", "Sitting Service", "Short Breaks Scheme"),
        ("breaks-and-respite", "carers-support"),
        (Audience.CARERS,),
        (Condition.LEARNING_DISABILITY, Condition.AUTISM, Condition.END_OF_LIFE),
        "a trained worker steps in so carers can take a break",
    ),
    Theme(
        ("Home Safety Service", "Handyperson Scheme", "Falls Prevention Class"),
        ("living-safely-at-home", "housing"),
        (Audience.OLDER_PEOPLE, Audience.DISABLED_PEOPLE),
        (Condition.FRAILTY, Condition.PHYSICAL_DISABILITY),
        "small repairs, equipment and advice to help you stay safe at home",
    ),
    Theme(
        ("Employment Support", "Volunteering Hub", "Skills Workshop"),
        ("employment-and-learning",),
        (Audience.ADULTS,),
        (Condition.MENTAL_HEALTH, Condition.LEARNING_DISABILITY),
        "help to find work, learn new skills or volunteer",
    ),
    Theme(
        ("Recovery Café", "Alcohol Support Group"),
        ("mental-health",),
        (Audience.ADULTS,),
        (Condition.SUBSTANCE_MISUSE,),
        "support for people affected by drug or alcohol use",
    ),
]
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
ORG_SUFFIXES = [
    "Community Trust",
    "Care Partnership",
    "Wellbeing Network",
    "Neighbours",
    "Voluntary Action",
    "Friends",
    "Support Group",
]
EXTRA_SENTENCES = [
    "Everyone is welcome and you do not need to book.",
    "Volunteers can meet you at the door on your first visit.",
    "Tea, coffee and biscuits are provided.",
    "We can help you fill in forms and find other local support.",
    "Sessions are free, though donations are welcome.",
    "You can come on your own or bring someone with you.",
    "Staff are trained in safeguarding and first aid.",
    "There is level access and an accessible toilet.",
]


def directory_generate(*, count: int, seed: int, progress: Callable[[int], object] | None = None) -> list[int]:
    """Create `count` synthetic services (and their organisations and places) deterministically from `seed`.

    Records from an earlier run with the same seed are replaced. Returns the new services' ids. `progress`, if
    given, is called with a number of steps as they are done: twice `count` (each service made, then linked).
    """
    tick = progress or (lambda steps: None)
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not security
    prefix = f"gen-{seed}-"
    # The directory's own categories (other taxonomies, such as the levels of need, are not categories).
    terms = {t.slug: t for t in TaxonomyTerm.objects.filter(taxonomy__name=DIRECTORY_TAXONOMY_NAME)}
    if not terms:
        from services.demo import categories_ensure

        terms = categories_ensure()
    today = timezone.localdate()
    with transaction.atomic():
        Service.objects.filter(slug__startswith=prefix).delete()
        Location.objects.filter(organisation__slug__startswith=prefix).delete()
        Organisation.objects.filter(slug__startswith=prefix).delete()
        org_count = max(1, count // 25)
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"{rng.choice(TOWNS)[0]} {rng.choice(ORG_SUFFIXES)} {i + 1}",
                    slug=f"{prefix}org-{i}",
                    description="A local voluntary organisation (generated for testing).",
                    email=f"org{i}@example.org",
                    referrals_email=f"referrals{i}@example.org",
                )
                for i in range(org_count)
            ]
        )
        services: list[Service] = []
        plans: list[tuple[Theme, tuple[str, str, str, float, float], bool]] = []
        for i in range(count):
            theme = rng.choice(THEMES)
            town = rng.choice(TOWNS)
            kind = rng.choice(theme.kinds)
            county_wide = rng.random() < 0.1
            districts = (
                [
                    "ashford",
                    "canterbury",
                    "dartford",
                    "dover",
                    "folkestone-and-hythe",
                    "gravesham",
                    "maidstone",
                    "sevenoaks",
                    "swale",
                    "thanet",
                    "tonbridge-and-malling",
                    "tunbridge-wells",
                ]
                if county_wide
                else [town[1]]
            )
            has_place = not county_wide and rng.random() < 0.8
            description = f"{town[0]} {kind} offers {theme.offer}. " + " ".join(rng.sample(EXTRA_SENTENCES, 2))
            services.append(
                Service(
                    organisation=rng.choice(organisations),
                    name=f"{town[0]} {kind}",
                    slug=f"{prefix}{i}",
                    summary=f"{theme.offer[0].upper()}{theme.offer[1:]}.",
                    description=description,
                    status=Service.Status.ACTIVE if rng.random() < 0.97 else Service.Status.TEMPORARILY_CLOSED,
                    districts=districts,
                    audiences=list(theme.audiences),
                    conditions=list(theme.conditions),
                    access_methods=[AccessMethod.PHONE, AccessMethod.EMAIL]
                    + ([AccessMethod.DROP_IN] if has_place else []),
                    accepts_self_referral=rng.random() < 0.3,
                    minimum_age=rng.choice([None, None, 18, 55, 65]),
                    assured_date=today - timedelta(days=rng.randint(0, 540)),
                    email=f"service{i}@example.org",
                )
            )
            plans.append((theme, town, has_place))
            tick(1)
        services = Service.objects.bulk_create(services, batch_size=2000)
        through = Service.categories.through
        links = []
        locations: list[Location] = []
        place_owners: list[Service] = []
        phones: list[Phone] = []
        for service, (theme, town, has_place) in zip(services, plans, strict=True):
            for slug in theme.categories:
                if slug in terms:
                    links.append(through(service_id=service.pk, taxonomyterm_id=terms[slug].pk))
            phones.append(Phone(service=service, number=f"01632 96{rng.randint(0, 9999):04d}"))
            if has_place:
                locations.append(
                    Location(
                        organisation_id=service.organisation_id,
                        name=f"{town[0]} community centre {service.pk}",
                        address_1=f"{rng.randint(1, 200)} High Street",
                        city=town[0],
                        postcode=f"{town[2]} {rng.randint(1, 9)}{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}",
                        district=town[1],
                        latitude=town[3] + rng.uniform(-0.03, 0.03),
                        longitude=town[4] + rng.uniform(-0.05, 0.05),
                    )
                )
                place_owners.append(service)
            tick(1)
        through.objects.bulk_create(links, batch_size=5000)
        Phone.objects.bulk_create(phones, batch_size=5000)
        locations = Location.objects.bulk_create(locations, batch_size=2000)
        sals = ServiceAtLocation.objects.bulk_create(
            [ServiceAtLocation(service=s, location=loc) for s, loc in zip(place_owners, locations, strict=True)],
            batch_size=2000,
        )
        schedules = []
        for sal in sals:
            day = rng.randrange(5)
            start = rng.choice([9, 10, 13, 14])
            schedules.append(
                Schedule(service_at_location=sal, weekday=day, opens_at=time(start), closes_at=time(start + 2))
            )
        Schedule.objects.bulk_create(schedules, batch_size=5000)
        ids = [s.pk for s in services]
        directory_index_refresh(service_ids=ids)
    return ids
