# ruff: noqa: E501 - demo content: long plain-English sentences read better unwrapped
"""Demo directory for `manage.py seed_demo`: the real Kent providers and services, in our own words.

Phone numbers are from Ofcom's range reserved for drama (01632 960xxx) and email addresses are at
example.org, so nobody real is contacted from a demo. The council's own adult social care numbers
are real and public. Idempotent: records are matched by slug.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from services.demo_eligibility import demo_eligibility_apply
from services.geography import AREAS
from services.models import (
    AccessMethod,
    Audience,
    Condition,
    Contact,
    CostOption,
    Language,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from services.selectors import DIRECTORY_TAXONOMY_NAME as TAXONOMY_NAME
from services.services import directory_index_refresh, outward_centroids_load

# slug, name, description
CATEGORIES: list[tuple[str, str, str]] = [
    ("carers-support", "Carers' support", "Help for people who look after a family member or friend."),
    ("community-navigation", "Community navigation", "Someone to help you find and plan the support you need."),
    (
        "wellbeing-groups",
        "Wellbeing groups and activities",
        "Groups, clubs and activities to stay well and meet people.",
    ),
    ("mental-health", "Mental health", "Support for your mental health and emotional wellbeing."),
    ("dementia", "Dementia", "Support for people living with dementia and their families."),
    (
        "sensory-impairment",
        "Sight and hearing loss",
        "Support for people who are blind, deaf or losing their sight or hearing.",
    ),
    ("physical-disability", "Physical disability", "Information, advice and support for disabled people."),
    ("money-and-benefits", "Money and benefits", "Help with benefits, debt, bills and managing money."),
    ("housing", "Housing", "Help to find a home, keep your home or make it safer."),
    ("transport", "Transport", "Getting to appointments, shops and activities."),
    ("breaks-and-respite", "Breaks and respite", "Time off for carers while someone else provides care."),
    ("digital-skills", "Digital skills", "Help to get online and use phones, tablets and computers."),
    ("employment-and-learning", "Employment and learning", "Help to find work, volunteer or learn something new."),
    (
        "living-safely-at-home",
        "Living safely at home",
        "Equipment, technology and support to stay independent at home.",
    ),
    ("befriending", "Befriending and loneliness", "Company and friendship if you feel lonely or isolated."),
    ("information-and-advice", "Information and advice", "Free, trusted information about local support."),
]


@dataclass
class LocationSpec:
    name: str
    address_1: str
    city: str
    postcode: str
    district: str
    latitude: float
    longitude: float
    accessibility: str = "Step-free access and an accessible toilet."
    hours: list[tuple[int, str, str]] = field(default_factory=list)  # weekday, opens, closes
    schedule_note: str = ""


@dataclass
class ServiceSpec:
    slug: str
    organisation: str
    name: str
    summary: str
    description: str
    categories: list[str]
    districts: list[str] | str  # a list of districts or an area slug
    audiences: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=lambda: [AccessMethod.PHONE, AccessMethod.EMAIL])
    self_referral: bool = False
    carers_assessments: bool = False
    eligibility: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    how_to: str = ""
    fees: str = "Free."
    phone: str = ""
    phone_note: str = ""
    hours: list[tuple[int, str, str]] = field(default_factory=lambda: [(d, "09:00", "17:00") for d in range(5)])
    locations: list[LocationSpec] = field(default_factory=list)
    languages: list[tuple[str, str]] = field(default_factory=lambda: [("English", "en")])
    alternate_name: str = ""
    status: str = Service.Status.ACTIVE
    alert: str = ""
    checked_days_ago: int = 60
    partner_contact: str = ""


# slug, name, short description
ORGANISATIONS: list[tuple[str, str, str]] = [
    (
        "social-enterprise-kent",
        "Social Enterprise Kent",
        "A social enterprise running wellbeing and community navigation services for older people in east Kent.",
    ),
    (
        "involve-kent",
        "Involve Kent",
        "A charity supporting older people, carers and people with complex needs across west and north Kent.",
    ),
    (
        "imago-community",
        "Imago Community",
        "A charity supporting carers, older people and volunteers in Dartford, Gravesham, Swanley, Swale, Ashford and Canterbury.",
    ),
    (
        "carers-support-east-kent",
        "Carers Support East Kent",
        "A charity for unpaid carers in Ashford, Canterbury, Dover, Folkestone and Hythe, and Thanet.",
    ),
    ("porchlight", "Porchlight", "A Kent charity supporting people with their mental health, housing and wellbeing."),
    ("shaw-trust", "Shaw Trust", "A national charity helping people with their wellbeing, health and work."),
    (
        "alzheimers-and-dementia-support-services",
        "Alzheimer's and Dementia Support Services",
        "A Kent charity for people living with dementia and the people who care for them.",
    ),
    (
        "age-uk-herne-bay-and-whitstable",
        "Age UK Herne Bay and Whitstable",
        "The local Age UK for older people in Herne Bay, Whitstable and nearby villages.",
    ),
    ("disability-assist", "Disability Assist", "An information and advice charity run by and for disabled people."),
    (
        "kent-association-for-the-blind",
        "Kent Association for the Blind",
        "A charity supporting people in Kent who are blind or have sight loss.",
    ),
    ("hi-kent", "Hi Kent", "A charity supporting people who are deaf or have hearing loss."),
    (
        "british-sign-language-community-cic",
        "British Sign Language Community CIC",
        "A community interest company led by Deaf people who use British Sign Language.",
    ),
    (
        "positive-wellbeing",
        "Positive Wellbeing",
        "Community Connectors who give people 12 weeks of one-to-one support to reconnect with their community.",
    ),
    (
        "kent-county-council",
        "Kent County Council",
        "The county council, which commissions and runs adult social care services in Kent.",
    ),
    (
        "nhs-kent-and-medway",
        "NHS Kent and Medway",
        "The NHS body that plans health services in Kent and Medway, including GP practices.",
    ),
    ("crossroads-care", "Crossroads Care", "A charity providing trained care workers so that carers can take a break."),
    (
        "citizens-advice-in-kent",
        "Citizens Advice in Kent",
        "Free, confidential advice on money, benefits, debt, housing and work.",
    ),
    (
        "take-off",
        "Take Off",
        "A peer support charity for people with mental health needs, run by people with lived experience.",
    ),
    (
        "canterbury-art-studio",
        "Canterbury Art Studio",
        "An art studio running creative sessions for people with mental health needs.",
    ),
    (
        "blackthorn-trust",
        "Blackthorn Trust",
        "A garden, café and therapy centre in Maidstone supporting people with long-term health needs.",
    ),
    (
        "abbey-physic-community-garden",
        "Abbey Physic Community Garden",
        "A community garden in Faversham where people can grow, make and meet others.",
    ),
    ("canterbury-umbrella-centre", "Canterbury Umbrella Centre", "A mental health drop-in centre in Canterbury."),
]

WEEKDAYS_9_TO_5 = [(d, "09:00", "17:00") for d in range(5)]

# A few real places (approximate coordinates).
WHITSTABLE_CENTRE = LocationSpec(
    "Age UK Herne Bay and Whitstable, Whitstable centre",
    "High Street",
    "Whitstable",
    "CT5 1AP",
    "canterbury",
    51.3606,
    1.0258,
    "Step-free access from the street, a hearing loop at reception and an accessible toilet.",
    hours=[(1, "10:00", "12:00"), (3, "14:00", "16:00")],
)
HERNE_BAY_CENTRE = LocationSpec(
    "Age UK Herne Bay and Whitstable, Herne Bay centre",
    "Mortimer Street",
    "Herne Bay",
    "CT6 5PL",
    "canterbury",
    51.3717,
    1.1268,
    "Ground floor, step-free. Parking nearby.",
    hours=[(0, "10:00", "15:00"), (2, "10:00", "15:00")],
)
ADSS_MAIDSTONE = LocationSpec(
    "ADSS dementia hub, Maidstone",
    "Week Street",
    "Maidstone",
    "ME14 1RF",
    "maidstone",
    51.2760,
    0.5220,
    "Step-free access, a hearing loop and dementia-friendly signs.",
    hours=[(2, "10:00", "12:30")],
)
ADSS_SITTINGBOURNE = LocationSpec(
    "Dementia café, Sittingbourne",
    "High Street",
    "Sittingbourne",
    "ME10 4AH",
    "swale",
    51.3400,
    0.7330,
    "Step-free access and an accessible toilet.",
    hours=[(4, "10:00", "12:00")],
)


def _loc(name: str, address: str, city: str, postcode: str, district: str, lat: float, lng: float) -> LocationSpec:
    return LocationSpec(name, address, city, postcode, district, lat, lng, hours=list(WEEKDAYS_9_TO_5))


SERVICES: list[ServiceSpec] = [
    # --- Wellbeing for older people (55+) ---
    ServiceSpec(
        "wellbeing-older-people-sek",
        "social-enterprise-kent",
        "Wellbeing for older people in Thanet and South Kent Coast",
        "Groups, peer support and activities for people aged 55 and over in Thanet, Dover and Folkestone.",
        "If you are 55 or over and want to stay well, be more active or meet new people, we can help. "
        "We run peer support groups, creative and physical activity sessions, and can visit you at home if you find it hard to get out. "
        "You can join a group, try an activity or talk to someone about what matters to you.",
        ["wellbeing-groups", "befriending"],
        "thanet-south-kent-coast",
        audiences=[Audience.OLDER_PEOPLE],
        conditions=[Condition.FRAILTY],
        minimum_age=55,
        eligibility="People aged 55 and over living in Thanet, Dover or Folkestone and Hythe.",
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE, AccessMethod.GP],
        self_referral=True,
        phone="01632 960101",
        locations=[_loc("Margate Community Hub", "Cecil Square", "Margate", "CT9 1RE", "thanet", 51.3870, 1.3820)],
    ),
    ServiceSpec(
        "wellbeing-older-people-involve",
        "involve-kent",
        "Wellbeing for older people in West Kent, Dartford, Gravesham and Swanley",
        "Friendly groups and activities for people aged 55 and over, from walking groups to art classes.",
        "Our wellbeing service helps people aged 55 and over stay connected and independent. "
        "Choose from peer support groups, gentle exercise, arts and crafts, and social events. "
        "If you have more complex needs, a worker can meet you to plan what would help.",
        ["wellbeing-groups", "befriending"],
        ["maidstone", "sevenoaks", "tonbridge-and-malling", "tunbridge-wells", "dartford", "gravesham"],
        audiences=[Audience.OLDER_PEOPLE],
        conditions=[Condition.FRAILTY],
        minimum_age=55,
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE, AccessMethod.EMAIL],
        self_referral=True,
        phone="01632 960102",
        locations=[
            _loc(
                "Involve Kent, Maidstone office", "Pudding Lane", "Maidstone", "ME14 1PA", "maidstone", 51.2745, 0.5215
            )
        ],
    ),
    ServiceSpec(
        "wellbeing-older-people-imago",
        "imago-community",
        "Wellbeing for older people in Ashford, Canterbury and Swale",
        "Peer support, creative and physical activity groups for people aged 55 and over.",
        "We help people aged 55 and over to keep well and keep in touch with others. "
        "There are groups for walking, chair-based exercise, crafts and conversation, and volunteers who can go with you the first time.",
        ["wellbeing-groups", "befriending"],
        ["ashford", "canterbury", "swale"],
        audiences=[Audience.OLDER_PEOPLE],
        conditions=[Condition.FRAILTY],
        minimum_age=55,
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE],
        self_referral=True,
        phone="01632 960103",
        locations=[
            _loc(
                "Imago, Canterbury office",
                "Lower Bridge Street",
                "Canterbury",
                "CT1 2LG",
                "canterbury",
                51.2780,
                1.0850,
            )
        ],
    ),
    # --- Community navigation ---
    ServiceSpec(
        "community-navigation-east-kent",
        "social-enterprise-kent",
        "Community Navigation in East Kent",
        "A navigator helps you plan your support, sort out forms and benefits, and stay safe at home.",
        "Community navigators work with people aged 55 and over, and adults with illness, disability or mental health needs. "
        "A navigator can help you fill in forms, check you get the benefits you are entitled to, arrange adaptations to your home "
        "and find local groups. They can also help you ask for a care or housing assessment.",
        ["community-navigation", "money-and-benefits", "living-safely-at-home", "information-and-advice"],
        ["ashford", "canterbury", "dover", "folkestone-and-hythe", "thanet"],
        audiences=[Audience.OLDER_PEOPLE, Audience.DISABLED_PEOPLE, Audience.MENTAL_HEALTH],
        conditions=[Condition.FRAILTY, Condition.LONG_TERM_ILLNESS, Condition.PHYSICAL_DISABILITY],
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE, AccessMethod.GP],
        self_referral=True,
        phone="01632 960104",
    ),
    ServiceSpec(
        "community-navigation-west-kent",
        "involve-kent",
        "Community Navigation in West Kent",
        "One-to-one help to find local support, manage money and stay independent at home.",
        "If you are 55 or over, or an adult with complex needs, a community navigator can help you work out what you need and arrange it. "
        "That might be help with benefits, equipment for your home, a befriender or a local group.",
        ["community-navigation", "money-and-benefits", "living-safely-at-home", "information-and-advice"],
        "west-kent",
        audiences=[Audience.OLDER_PEOPLE, Audience.DISABLED_PEOPLE, Audience.MENTAL_HEALTH],
        conditions=[Condition.FRAILTY, Condition.LONG_TERM_ILLNESS],
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE],
        self_referral=True,
        phone="01632 960105",
    ),
    ServiceSpec(
        "community-navigation-dgs-swale",
        "imago-community",
        "Community Navigation in Dartford, Gravesham, Swanley and Swale",
        "Practical help from a navigator: forms, benefits, housing and finding local support.",
        "Our navigators help older people and adults with illness, disability or mental health needs to find the right support. "
        "We can visit you at home, talk on the phone or meet you somewhere local.",
        ["community-navigation", "money-and-benefits", "housing", "information-and-advice"],
        ["dartford", "gravesham", "swale"],
        audiences=[Audience.OLDER_PEOPLE, Audience.DISABLED_PEOPLE],
        conditions=[Condition.FRAILTY, Condition.LONG_TERM_ILLNESS],
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE],
        self_referral=True,
        phone="01632 960106",
    ),
    # --- Community Navigation for Carers (carers' assessments) ---
    ServiceSpec(
        "community-navigation-for-carers-east-kent",
        "carers-support-east-kent",
        "Community Navigation for Carers",
        "Carers' assessments and one-to-one support for unpaid carers in east Kent.",
        "If you look after someone, you have a right to a carer's assessment. We do carers' assessments for Kent County Council. "
        "We talk with you about your caring role, your health, work and time for yourself, and what would make things easier. "
        "We can help you plan for emergencies, find breaks and get the Kent Carers Card.",
        ["carers-support", "community-navigation", "information-and-advice"],
        ["ashford", "canterbury", "dover", "folkestone-and-hythe", "thanet"],
        audiences=[Audience.CARERS],
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE, AccessMethod.EMAIL],
        self_referral=True,
        carers_assessments=True,
        minimum_age=18,
        phone="01632 960107",
        eligibility="Adults who look after a family member or friend who lives in east Kent.",
        locations=[
            _loc("Carers Support, Dover office", "Castle Street", "Dover", "CT16 1PT", "dover", 51.1260, 1.3140)
        ],
    ),
    ServiceSpec(
        "community-navigation-for-carers-west-kent",
        "involve-kent",
        "Community Navigation for Carers",
        "Carers' assessments, advice and a named contact for carers in west Kent.",
        "We support unpaid carers in Maidstone, Sevenoaks, Tonbridge and Malling, and Tunbridge Wells. "
        "We carry out carers' assessments, help you plan what would happen in an emergency and put you in touch with breaks, "
        "groups and money advice.",
        ["carers-support", "community-navigation", "information-and-advice"],
        "west-kent",
        audiences=[Audience.CARERS],
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE, AccessMethod.EMAIL],
        self_referral=True,
        carers_assessments=True,
        minimum_age=18,
        phone="01632 960108",
    ),
    ServiceSpec(
        "community-navigation-for-carers-dgs-swale",
        "imago-community",
        "Community Navigation for Carers",
        "Carers' assessments and support for carers in Dartford, Gravesham and Swale.",
        "Caring for someone can be hard. We listen, carry out your carer's assessment and help you find what you need, "
        "from a break to help with money. We stay in touch so you only have to tell your story once.",
        ["carers-support", "community-navigation", "information-and-advice"],
        ["dartford", "gravesham", "swale"],
        audiences=[Audience.CARERS],
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE],
        self_referral=True,
        carers_assessments=True,
        minimum_age=18,
        phone="01632 960109",
    ),
    ServiceSpec(
        "carers-groups-east-kent",
        "carers-support-east-kent",
        "Carers' support groups in east Kent",
        "Monthly groups where carers can meet, share tips and take a break.",
        "Our carers' groups meet in towns across east Kent. Come for a cup of tea, talk to other carers and hear from local services. "
        "Some groups are for carers of people with dementia or mental health needs.",
        ["carers-support", "wellbeing-groups"],
        ["ashford", "canterbury", "dover", "folkestone-and-hythe", "thanet"],
        audiences=[Audience.CARERS],
        conditions=[Condition.DEMENTIA, Condition.MENTAL_HEALTH],
        access=[AccessMethod.DROP_IN, AccessMethod.PHONE],
        phone="01632 960110",
        hours=[],
        locations=[
            LocationSpec(
                "Carers' group, Ashford",
                "Bank Street",
                "Ashford",
                "TN23 1BX",
                "ashford",
                51.1480,
                0.8720,
                schedule_note="First Monday of each month, 10am to noon",
            ),
        ],
    ),
    # --- Live Well Kent and Medway ---
    ServiceSpec(
        "live-well-kent-dgs-swale",
        "porchlight",
        "Live Well Kent and Medway in Dartford, Gravesham, Swanley and Swale",
        "Free mental health and wellbeing support for people aged 17 and over. No referral needed.",
        "Live Well Kent and Medway helps you with the things that affect your mental health: money and debt, housing, work, "
        "relationships and feeling alone. You can refer yourself, or your GP, a friend or a family member can refer you with your agreement. "
        "We aim to start working with you within 6 working days.",
        ["mental-health", "money-and-benefits", "housing", "employment-and-learning"],
        "dartford-gravesham-swanley-swale",
        audiences=[Audience.MENTAL_HEALTH, Audience.ADULTS],
        conditions=[Condition.MENTAL_HEALTH],
        minimum_age=17,
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE, AccessMethod.GP],
        self_referral=True,
        phone="01632 960111",
        alternate_name="Live Well Kent",
        eligibility="People aged 17 and over who live in Dartford, Gravesham, Swanley or Swale.",
        locations=[
            _loc("Porchlight, Gravesend hub", "Windmill Street", "Gravesend", "DA12 1AQ", "gravesham", 51.4410, 0.3700)
        ],
    ),
    ServiceSpec(
        "live-well-kent-thanet-skc",
        "porchlight",
        "Live Well Kent and Medway in Thanet and South Kent Coast",
        "Mental health and wellbeing support in Thanet, Dover and Folkestone for people aged 17 and over.",
        "Talk to us about whatever is affecting your wellbeing. We can help with money worries, housing, getting into work or volunteering, "
        "and finding activities you enjoy. There is no wrong door: you can refer yourself.",
        ["mental-health", "money-and-benefits", "housing", "employment-and-learning"],
        "thanet-south-kent-coast",
        audiences=[Audience.MENTAL_HEALTH, Audience.ADULTS],
        conditions=[Condition.MENTAL_HEALTH],
        minimum_age=17,
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE],
        self_referral=True,
        phone="01632 960112",
        alternate_name="Live Well Kent",
        locations=[
            _loc(
                "Porchlight, Folkestone hub",
                "Tontine Street",
                "Folkestone",
                "CT20 1JU",
                "folkestone-and-hythe",
                51.0810,
                1.1850,
            )
        ],
    ),
    ServiceSpec(
        "live-well-kent-west-kent",
        "shaw-trust",
        "Live Well Kent and Medway in West Kent",
        "Support with your mental health, money, housing and work, for people aged 17 and over.",
        "Our wellbeing workers help you make a plan for what matters to you. That could be sorting out debt, finding work, "
        "joining an arts or outdoor group, or trying yoga. You can refer yourself online or by phone.",
        ["mental-health", "employment-and-learning", "wellbeing-groups"],
        "west-kent",
        audiences=[Audience.MENTAL_HEALTH, Audience.ADULTS],
        conditions=[Condition.MENTAL_HEALTH],
        minimum_age=17,
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE],
        self_referral=True,
        phone="01632 960113",
        alternate_name="Live Well Kent",
    ),
    ServiceSpec(
        "live-well-kent-ashford-canterbury",
        "shaw-trust",
        "Live Well Kent and Medway in Ashford and Canterbury Coastal",
        "Mental health and wellbeing support in Ashford, Canterbury, Whitstable and Herne Bay.",
        "We support adults with their mental health and wellbeing. Get help with money and benefits, housing, relationships and feeling part "
        "of your community, or join a local group run by one of our partner charities.",
        ["mental-health", "money-and-benefits", "wellbeing-groups"],
        "ashford-canterbury-coastal",
        audiences=[Audience.MENTAL_HEALTH, Audience.ADULTS],
        conditions=[Condition.MENTAL_HEALTH],
        minimum_age=17,
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE],
        self_referral=True,
        phone="01632 960114",
        alternate_name="Live Well Kent",
    ),
    ServiceSpec(
        "mental-health-support-line",
        "shaw-trust",
        "Mental health support line (24 hours)",
        "Talk to someone about how you feel, any time of day or night, by phone or online.",
        "Our support line is open 24 hours a day, 7 days a week, for anyone in Kent and Medway. Trained staff will listen and can help you "
        "find local support. If you or someone else is in immediate danger, call 999.",
        ["mental-health", "information-and-advice"],
        "kent-and-medway",
        audiences=[Audience.MENTAL_HEALTH, Audience.ADULTS, Audience.CARERS],
        conditions=[Condition.MENTAL_HEALTH],
        access=[AccessMethod.PHONE, AccessMethod.WEBSITE],
        phone="01632 960115",
        phone_note="Open 24 hours, every day",
        hours=[(d, "00:00", "23:59") for d in range(7)],
    ),
    ServiceSpec(
        "live-well-shed-projects",
        "porchlight",
        "Live Well Shed projects",
        "Workshop sessions where you can make, mend and chat with others.",
        "Our sheds are friendly workshops where people come together to make things, fix things and talk. "
        "You do not need any skills. The sessions are part of Live Well Kent and Medway.",
        ["wellbeing-groups", "mental-health"],
        ["thanet", "dover", "swale"],
        audiences=[Audience.ADULTS, Audience.MENTAL_HEALTH],
        conditions=[Condition.MENTAL_HEALTH],
        access=[AccessMethod.DROP_IN, AccessMethod.PHONE],
        phone="01632 960116",
        locations=[
            LocationSpec(
                "Live Well Shed, Ramsgate",
                "Military Road",
                "Ramsgate",
                "CT11 9LG",
                "thanet",
                51.3300,
                1.4180,
                hours=[(1, "10:00", "15:00"), (3, "10:00", "15:00")],
            )
        ],
    ),
    ServiceSpec(
        "menopause-support-groups",
        "shaw-trust",
        "Menopause support groups",
        "Friendly groups to talk about the menopause and its effect on your wellbeing.",
        "Meet other people going through the menopause, share what helps and get information about looking after your mental health.",
        ["mental-health", "wellbeing-groups"],
        ["maidstone", "tunbridge-wells", "ashford", "canterbury"],
        audiences=[Audience.ADULTS],
        access=[AccessMethod.DROP_IN, AccessMethod.EMAIL],
        phone="01632 960117",
        hours=[],
    ),
    # --- Dementia ---
    ServiceSpec(
        "dementia-support-adss-age-uk-herne-bay-whitstable",
        "alzheimers-and-dementia-support-services",
        "Dementia support: ADSS and Age UK Herne Bay and Whitstable",
        "Dementia cafés, peer support and befriending for people living with dementia and their carers.",
        "Alzheimer's and Dementia Support Services (ADSS) and Age UK Herne Bay and Whitstable run dementia cafés, peer support groups "
        "and befriending. Come along with the person you care for, or on your own. You can talk to people who understand, "
        "get practical advice about memory loss and find out what support is available. You do not need a diagnosis to come.",
        ["dementia", "carers-support", "befriending", "wellbeing-groups"],
        "kent",
        audiences=[Audience.PEOPLE_WITH_DEMENTIA, Audience.CARERS],
        conditions=[Condition.DEMENTIA],
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE, AccessMethod.DROP_IN],
        self_referral=True,
        phone="01632 960118",
        alternate_name="Dementia cafés and befriending",
        partner_contact="Age UK Herne Bay and Whitstable",
        locations=[WHITSTABLE_CENTRE, HERNE_BAY_CENTRE, ADSS_MAIDSTONE, ADSS_SITTINGBOURNE],
        hours=[],
    ),
    ServiceSpec(
        "age-uk-herne-bay-whitstable-day-centre",
        "age-uk-herne-bay-and-whitstable",
        "Day centre and befriending for older people",
        "Day centre activities, lunches and a befriending service for older people in Herne Bay and Whitstable.",
        "Spend the day with others at our centre: activities, a hot lunch and a chat. If you cannot get out, a befriender can visit or phone you each week.",
        ["befriending", "wellbeing-groups"],
        ["canterbury"],
        audiences=[Audience.OLDER_PEOPLE],
        conditions=[Condition.FRAILTY],
        access=[AccessMethod.PHONE, AccessMethod.DROP_IN],
        phone="01632 960119",
        minimum_age=60,
        fees="Lunch costs £5. Befriending is free.",
        locations=[HERNE_BAY_CENTRE],
    ),
    # --- Disability and sensory ---
    ServiceSpec(
        "disability-information-and-advice",
        "disability-assist",
        "Disability information and advice",
        "Free advice on benefits, equipment and your rights, from disabled people who understand.",
        "We are run by and for disabled people. We can help you claim Personal Independence Payment and other benefits, "
        "find equipment and understand your rights. We can also help with appeals.",
        ["physical-disability", "money-and-benefits", "information-and-advice"],
        "kent",
        audiences=[Audience.DISABLED_PEOPLE, Audience.CARERS],
        conditions=[Condition.PHYSICAL_DISABILITY, Condition.LONG_TERM_ILLNESS],
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE, AccessMethod.EMAIL],
        self_referral=True,
        phone="01632 960120",
        locations=[
            _loc("Disability Assist, Gravesend", "King Street", "Gravesend", "DA12 2DU", "gravesham", 51.4420, 0.3690)
        ],
    ),
    ServiceSpec(
        "sensory-support-kab",
        "kent-association-for-the-blind",
        "Sensory support for adults who are blind or deaf",
        "Support, equipment and training for adults with sight loss, hearing loss or both.",
        "Kent Association for the Blind works with Hi Kent and British Sign Language Community CIC to support adults aged 18 and over who are "
        "blind, deaf or deafblind. We offer assessments at home, equipment, help to get around safely and advice on staying independent.",
        ["sensory-impairment", "living-safely-at-home", "information-and-advice"],
        "kent",
        audiences=[Audience.SENSORY_IMPAIRMENT, Audience.ADULTS],
        conditions=[Condition.SENSORY],
        minimum_age=18,
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE, AccessMethod.EMAIL],
        self_referral=True,
        phone="01632 960121",
        languages=[("English", "en"), ("British Sign Language", "bfi")],
        locations=[
            _loc("KAB resource centre, Rochester", "Rochester Road", "Rochester", "ME1 1AA", "medway", 51.3800, 0.5000)
        ],
    ),
    ServiceSpec(
        "hearing-loss-support-hi-kent",
        "hi-kent",
        "Hearing loss support and equipment",
        "Drop-in sessions, hearing aid maintenance and equipment for people with hearing loss.",
        "Come to a drop-in session to get your hearing aid cleaned and retubed, try equipment such as amplified phones and doorbells, "
        "and get advice on living with hearing loss.",
        ["sensory-impairment", "living-safely-at-home"],
        "kent",
        audiences=[Audience.SENSORY_IMPAIRMENT],
        conditions=[Condition.SENSORY],
        access=[AccessMethod.DROP_IN, AccessMethod.PHONE, AccessMethod.EMAIL],
        phone="01632 960122",
        locations=[
            LocationSpec(
                "Hi Kent drop-in, Canterbury",
                "St Peter's Street",
                "Canterbury",
                "CT1 2BQ",
                "canterbury",
                51.2810,
                1.0780,
                "Step-free access and a hearing loop.",
                hours=[(2, "10:00", "12:00")],
            )
        ],
    ),
    ServiceSpec(
        "bsl-community-support",
        "british-sign-language-community-cic",
        "Support for Deaf British Sign Language users",
        "Information, advice and social groups in British Sign Language, for Deaf adults.",
        "We give information and advice in British Sign Language (BSL), help you book interpreters for appointments and run social groups "
        "so Deaf people can meet. Contact us by video call, text or email.",
        ["sensory-impairment", "information-and-advice", "wellbeing-groups"],
        "kent",
        audiences=[Audience.SENSORY_IMPAIRMENT, Audience.ADULTS],
        conditions=[Condition.SENSORY],
        minimum_age=18,
        access=[AccessMethod.EMAIL, AccessMethod.WEBSITE],
        phone="07700 900123",
        phone_note="Text or video call only",
        languages=[("British Sign Language", "bfi"), ("English", "en")],
    ),
    # --- Wider landscape ---
    ServiceSpec(
        "community-connectors",
        "positive-wellbeing",
        "Community Connectors",
        "Twelve weeks of one-to-one support to help you get out, meet people and feel more confident.",
        "A Community Connector meets you and helps you find activities and groups you would enjoy, then goes with you until you feel "
        "confident to go on your own. Support usually lasts 12 weeks.",
        ["befriending", "wellbeing-groups", "community-navigation"],
        "east-kent",
        audiences=[Audience.ADULTS, Audience.OLDER_PEOPLE],
        conditions=[Condition.MENTAL_HEALTH, Condition.FRAILTY],
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE, AccessMethod.GP],
        self_referral=True,
        phone="01632 960124",
    ),
    ServiceSpec(
        "community-wardens",
        "kent-county-council",
        "Kent Community Wardens",
        "Uniformed wardens who help keep communities safe and check on vulnerable residents.",
        "Community wardens work in towns and villages across Kent. They can visit older or vulnerable people, give advice on scams "
        "and staying safe at home, and put you in touch with other services.",
        ["living-safely-at-home", "information-and-advice"],
        "kent",
        audiences=[Audience.OLDER_PEOPLE, Audience.ADULTS],
        access=[AccessMethod.PHONE, AccessMethod.EMAIL],
        phone="03000 41 81 81",
    ),
    ServiceSpec(
        "digital-kent",
        "kent-county-council",
        "Digital Kent: help to get online",
        "Free help to use a phone, tablet or computer, and to get online safely.",
        "Learn how to video call your family, shop online, book a GP appointment or spot scams. Sessions are friendly and at your pace, "
        "in libraries and community centres. We can sometimes lend you a device.",
        ["digital-skills", "employment-and-learning"],
        "kent",
        audiences=[Audience.ADULTS, Audience.OLDER_PEOPLE],
        access=[AccessMethod.PHONE, AccessMethod.DROP_IN],
        phone="03000 41 31 31",
        locations=[
            LocationSpec(
                "Canterbury Library (Beaney House)",
                "High Street",
                "Canterbury",
                "CT1 2RA",
                "canterbury",
                51.2800,
                1.0790,
                hours=[(0, "10:00", "12:00"), (3, "14:00", "16:00")],
            )
        ],
    ),
    ServiceSpec(
        "technology-enhanced-lives",
        "kent-county-council",
        "Technology Enhanced Lives",
        "Technology in your home, such as alarms and sensors, to help you live safely and independently.",
        "Technology Enhanced Lives provides equipment like personal alarms, fall detectors, medication reminders and door sensors. "
        "It can give you and the people who care for you peace of mind.",
        ["living-safely-at-home"],
        "kent",
        audiences=[Audience.OLDER_PEOPLE, Audience.DISABLED_PEOPLE, Audience.CARERS, Audience.PEOPLE_WITH_DEMENTIA],
        conditions=[Condition.DEMENTIA, Condition.FRAILTY, Condition.PHYSICAL_DISABILITY],
        access=[AccessMethod.PHONE, AccessMethod.PROFESSIONAL],
        phone="03000 41 61 61",
        eligibility="Adults in Kent who have had an assessment from adult social care.",
    ),
    ServiceSpec(
        "kent-enablement-at-home",
        "kent-county-council",
        "Kent Enablement at Home",
        "Short-term support at home to help you get back on your feet after illness or a hospital stay.",
        "Our enablement team works with you for up to six weeks to help you do everyday things for yourself again, such as washing, "
        "dressing and making meals.",
        ["living-safely-at-home"],
        "kent",
        audiences=[Audience.OLDER_PEOPLE, Audience.DISABLED_PEOPLE],
        conditions=[Condition.FRAILTY, Condition.LONG_TERM_ILLNESS],
        access=[AccessMethod.PROFESSIONAL, AccessMethod.PHONE],
        phone="03000 41 61 61",
        fees="Free for up to six weeks.",
    ),
    ServiceSpec(
        "kent-enablement-service-drop-ins",
        "kent-county-council",
        "Kent Enablement Service drop-ins",
        "Drop in to get advice about equipment and small changes that make life at home easier.",
        "Occupational therapy staff at our drop-ins can show you equipment, such as bath seats and grab rails, and tell you how to get it.",
        ["living-safely-at-home", "physical-disability"],
        ["maidstone", "ashford", "thanet"],
        audiences=[Audience.OLDER_PEOPLE, Audience.DISABLED_PEOPLE],
        conditions=[Condition.PHYSICAL_DISABILITY],
        access=[AccessMethod.DROP_IN],
        phone="03000 41 61 61",
        hours=[],
        locations=[
            LocationSpec(
                "Enablement drop-in, Ashford Gateway",
                "Church Road",
                "Ashford",
                "TN23 1AS",
                "ashford",
                51.1490,
                0.8730,
                hours=[(2, "10:00", "13:00")],
            )
        ],
    ),
    ServiceSpec(
        "adult-social-care-connect",
        "kent-county-council",
        "Adult Social Care Connect",
        "The council's front door for adult social care: advice, assessments and urgent help.",
        "Contact Adult Social Care Connect if you or someone you know needs care and support, or if you are a carer. "
        "We can give advice, arrange an assessment and tell you about local services. Text relay: 18001 03000 41 61 61. "
        "Out of hours: 03000 41 91 91. If someone is in immediate danger, call 999.",
        ["information-and-advice", "carers-support", "community-navigation"],
        "kent",
        audiences=[Audience.ADULTS, Audience.CARERS, Audience.OLDER_PEOPLE, Audience.DISABLED_PEOPLE],
        access=[AccessMethod.PHONE, AccessMethod.EMAIL, AccessMethod.WEBSITE],
        phone="03000 41 61 61",
        phone_note="Text relay 18001 03000 41 61 61. Out of hours 03000 41 91 91.",
    ),
    ServiceSpec(
        "kent-karrier",
        "kent-county-council",
        "Kent Karrier dial-a-ride",
        "A door-to-door bus service you book in advance, for people who cannot use ordinary buses.",
        "Kent Karrier takes you from your door to local shops and towns on set days. You can use it if you have a medical condition that "
        "stops you using buses, if you live in a rural area more than 500 metres from a bus route, or if you are 85 or over.",
        ["transport"],
        "kent",
        audiences=[Audience.OLDER_PEOPLE, Audience.DISABLED_PEOPLE],
        conditions=[Condition.FRAILTY, Condition.PHYSICAL_DISABILITY],
        access=[AccessMethod.PHONE],
        phone="03000 41 00 00",
        fees="Fares are similar to bus fares. Bus passes are accepted.",
        eligibility="A medical condition that stops you using buses, living in a rural area more than 500 metres from a bus route, or being 85 or over.",
    ),
    ServiceSpec(
        "crossroads-care-breaks",
        "crossroads-care",
        "Breaks for carers at home",
        "A trained care worker looks after the person you care for, so you can have a break.",
        "We send a trained, reliable care worker to your home so you can take time for yourself, whether for a few hours each week "
        "or in an emergency. Many carers use the time to see friends, go to appointments or rest.",
        ["breaks-and-respite", "carers-support"],
        "kent",
        audiences=[Audience.CARERS],
        conditions=[
            Condition.DEMENTIA,
            Condition.PHYSICAL_DISABILITY,
            Condition.LEARNING_DISABILITY,
            Condition.END_OF_LIFE,
            Condition.AUTISM,
        ],
        access=[AccessMethod.SELF_REFERRAL, AccessMethod.PHONE],
        self_referral=True,
        phone="01632 960125",
        fees="Free for carers who have had a carer's assessment. Otherwise from £24 an hour.",
    ),
    ServiceSpec(
        "shared-lives",
        "kent-county-council",
        "Shared Lives",
        "Care and support in the home of an approved Shared Lives carer, for a day, a short break or longer.",
        "Shared Lives matches adults who need support with approved carers, who share their home and family life. "
        "It can give the person you care for a short break, and you time off.",
        ["breaks-and-respite", "carers-support"],
        "kent",
        audiences=[Audience.ADULTS, Audience.CARERS, Audience.DISABLED_PEOPLE],
        conditions=[Condition.LEARNING_DISABILITY, Condition.AUTISM, Condition.PHYSICAL_DISABILITY],
        access=[AccessMethod.PHONE, AccessMethod.PROFESSIONAL],
        phone="03000 41 61 61",
        minimum_age=18,
        fees="Depends on a financial assessment.",
    ),
    ServiceSpec(
        "kent-carers-card",
        "kent-county-council",
        "Kent Carers Card",
        "A free card that shows you are a carer and gets you discounts from local businesses.",
        "The Kent Carers Card tells professionals and services that you are a carer. Local shops, cafés and leisure centres offer "
        "discounts to card holders. Ask for one when you have your carer's assessment.",
        ["carers-support"],
        "kent",
        audiences=[Audience.CARERS],
        access=[AccessMethod.PHONE, AccessMethod.WEBSITE],
        phone="03000 41 61 61",
    ),
    ServiceSpec(
        "social-prescribing",
        "nhs-kent-and-medway",
        "Social prescribing link workers",
        "Your GP practice can put you in touch with a link worker who helps with things that affect your health.",
        "Social prescribing link workers work in GP practices. They spend time with you to find out what matters to you and connect you "
        "with local groups and services, such as help with loneliness, money or getting more active. Ask at your GP surgery.",
        ["community-navigation", "wellbeing-groups", "information-and-advice"],
        "kent-and-medway",
        audiences=[Audience.ADULTS, Audience.CARERS],
        conditions=[Condition.LONG_TERM_ILLNESS, Condition.MENTAL_HEALTH],
        access=[AccessMethod.GP],
        phone="",
        hours=[],
    ),
    ServiceSpec(
        "citizens-advice-money-courses",
        "citizens-advice-in-kent",
        "Money management courses",
        "Free short courses on budgeting, saving on bills and dealing with debt.",
        "Learn how to make a budget, cut your energy bills and deal with debt in a small, friendly group. "
        "Courses are part of Live Well Kent and Medway.",
        ["money-and-benefits", "employment-and-learning"],
        "kent",
        audiences=[Audience.ADULTS],
        access=[AccessMethod.PHONE, AccessMethod.WEBSITE],
        phone="01632 960126",
    ),
    ServiceSpec(
        "take-off-peer-support",
        "take-off",
        "Take Off peer support groups",
        "Peer support groups run by people who have their own experience of mental ill health.",
        "Our groups give you a safe place to talk with people who understand. There is no pressure to speak. "
        "Groups meet weekly in several towns and online.",
        ["mental-health", "wellbeing-groups"],
        ["canterbury", "thanet", "dover", "swale"],
        audiences=[Audience.MENTAL_HEALTH],
        conditions=[Condition.MENTAL_HEALTH],
        access=[AccessMethod.DROP_IN, AccessMethod.EMAIL],
        phone="01632 960127",
        hours=[],
    ),
    ServiceSpec(
        "canterbury-art-studio",
        "canterbury-art-studio",
        "Creative wellbeing sessions",
        "Art sessions for people with mental health needs, at a friendly studio in Canterbury.",
        "Paint, draw, print and make in a relaxed studio. No experience is needed and materials are provided.",
        ["mental-health", "wellbeing-groups"],
        ["canterbury"],
        audiences=[Audience.MENTAL_HEALTH],
        conditions=[Condition.MENTAL_HEALTH],
        access=[AccessMethod.PHONE, AccessMethod.EMAIL],
        phone="01632 960128",
        locations=[
            LocationSpec(
                "Canterbury Art Studio",
                "Northgate",
                "Canterbury",
                "CT1 1BE",
                "canterbury",
                51.2830,
                1.0850,
                hours=[(0, "10:00", "15:00"), (2, "10:00", "15:00"), (4, "10:00", "15:00")],
            )
        ],
    ),
    ServiceSpec(
        "blackthorn-garden",
        "blackthorn-trust",
        "Gardening and therapy at Blackthorn",
        "Therapeutic gardening, crafts and a community café in Maidstone.",
        "Work in our gardens, bake, make crafts and share a meal. Blackthorn supports people with long-term illness and mental health needs.",
        ["wellbeing-groups", "mental-health"],
        ["maidstone", "tonbridge-and-malling"],
        audiences=[Audience.ADULTS, Audience.MENTAL_HEALTH],
        conditions=[Condition.LONG_TERM_ILLNESS, Condition.MENTAL_HEALTH],
        access=[AccessMethod.PHONE, AccessMethod.GP],
        phone="01632 960129",
        locations=[_loc("Blackthorn Trust", "St Andrew's Road", "Maidstone", "ME16 9AN", "maidstone", 51.2690, 0.4880)],
    ),
    ServiceSpec(
        "abbey-physic-community-garden",
        "abbey-physic-community-garden",
        "Community gardening in Faversham",
        "Grow food, learn skills and meet people at a community garden in Faversham.",
        "Join our volunteers in the garden, in the workshop or in the kitchen. Everyone is welcome, whatever your experience.",
        ["wellbeing-groups", "employment-and-learning"],
        ["swale"],
        audiences=[Audience.ADULTS],
        conditions=[Condition.MENTAL_HEALTH, Condition.LEARNING_DISABILITY],
        access=[AccessMethod.DROP_IN, AccessMethod.PHONE],
        phone="01632 960130",
        locations=[
            LocationSpec(
                "Abbey Physic Community Garden",
                "Abbey Street",
                "Faversham",
                "ME13 7BE",
                "swale",
                51.3170,
                0.8930,
                hours=[(1, "10:00", "16:00"), (3, "10:00", "16:00")],
            )
        ],
    ),
    ServiceSpec(
        "canterbury-umbrella-centre",
        "canterbury-umbrella-centre",
        "Umbrella Centre mental health drop-in",
        "A drop-in centre where adults with mental health needs can get support, company and activities.",
        "Drop in for a cup of tea, a chat with staff or to join an activity. We can also help with forms and finding other support.",
        ["mental-health", "wellbeing-groups", "information-and-advice"],
        ["canterbury"],
        audiences=[Audience.MENTAL_HEALTH],
        conditions=[Condition.MENTAL_HEALTH],
        access=[AccessMethod.DROP_IN, AccessMethod.PHONE],
        phone="01632 960131",
        locations=[
            _loc(
                "Canterbury Umbrella Centre", "St Peter's Place", "Canterbury", "CT1 2DA", "canterbury", 51.2795, 1.0760
            )
        ],
        status=Service.Status.TEMPORARILY_CLOSED,
        alert="The centre is closed for building work. Phone us for support in the meantime.",
    ),
]


def _districts(value: list[str] | str) -> list[str]:
    if isinstance(value, str):
        return list(AREAS[value].districts)
    return value


def _time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def categories_ensure() -> dict[str, TaxonomyTerm]:
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name=TAXONOMY_NAME,
        defaults={
            "description": "The categories used to organise the Kent Carers and Wellbeing Portal directory.",
            "version": "1",
        },
    )
    terms = {}
    for position, (slug, name, description) in enumerate(CATEGORIES):
        term, _ = TaxonomyTerm.objects.update_or_create(
            slug=slug,
            defaults={
                "taxonomy": taxonomy,
                "name": name,
                "description": description,
                "code": slug,
                "position": position,
            },
        )
        terms[slug] = term
    return terms


def _location_ensure(organisation: Organisation, spec: LocationSpec) -> Location:
    location, _ = Location.objects.update_or_create(
        name=spec.name,
        organisation=organisation,
        defaults={
            "address_1": spec.address_1,
            "city": spec.city,
            "postcode": spec.postcode,
            "district": spec.district,
            "latitude": spec.latitude,
            "longitude": spec.longitude,
            "accessibility": spec.accessibility,
        },
    )
    return location


def _service_ensure(
    spec: ServiceSpec, organisations: dict[str, Organisation], terms: dict[str, TaxonomyTerm]
) -> Service:
    organisation = organisations[spec.organisation]
    values: dict[str, Any] = {
        "organisation": organisation,
        "name": spec.name,
        "alternate_name": spec.alternate_name,
        "summary": spec.summary,
        "description": spec.description,
        "status": spec.status,
        "alert": spec.alert,
        "districts": _districts(spec.districts),
        "audiences": [str(a) for a in spec.audiences],
        "conditions": [str(c) for c in spec.conditions],
        "access_methods": [str(a) for a in spec.access],
        "accepts_self_referral": spec.self_referral,
        "provides_carers_assessments": spec.carers_assessments,
        "eligibility_description": spec.eligibility,
        "minimum_age": spec.minimum_age,
        "maximum_age": spec.maximum_age,
        "application_process": spec.how_to
        or (
            "Use the 'Refer yourself' button on this page, or phone us." if spec.self_referral else "Phone or email us."
        ),
        "fees_description": spec.fees,
        "email": f"{spec.slug[:40]}@example.org",
        "url": f"https://www.example.org/{organisation.slug}/",
        "assured_date": timezone.localdate() - timedelta(days=spec.checked_days_ago),
        "assurer_email": "directory@kent.gov.uk",
    }
    service, _ = Service.objects.update_or_create(slug=spec.slug, defaults=values)
    service.categories.set([terms[c] for c in spec.categories])
    # Child records are replaced on each run: the demo stays exactly as written here.
    service.phones.all().delete()
    service.schedules.all().delete()
    service.languages.all().delete()
    service.cost_options.all().delete()
    service.contacts.all().delete()
    if spec.phone:
        Phone.objects.create(service=service, number=spec.phone, description=spec.phone_note)
    if spec.partner_contact:
        Contact.objects.create(service=service, name=spec.partner_contact, title="Delivery partner")
    for weekday, opens, closes in spec.hours:
        Schedule.objects.create(service=service, weekday=weekday, opens_at=_time(opens), closes_at=_time(closes))
    for name, code in spec.languages:
        Language.objects.create(service=service, name=name, code=code)
    if spec.fees and spec.fees != "Free.":
        CostOption.objects.create(service=service, option="Charges", amount_description=spec.fees)
    keep = []
    for loc_spec in spec.locations:
        location = _location_ensure(organisation, loc_spec)
        sal, _ = ServiceAtLocation.objects.get_or_create(service=service, location=location)
        sal.schedules.all().delete()
        for weekday, opens, closes in loc_spec.hours:
            Schedule.objects.create(
                service_at_location=sal, weekday=weekday, opens_at=_time(opens), closes_at=_time(closes)
            )
        if loc_spec.schedule_note:
            Schedule.objects.create(service_at_location=sal, description=loc_spec.schedule_note)
        keep.append(sal.pk)
    service.service_at_locations.exclude(pk__in=keep).delete()
    return service


def demo_seed() -> None:
    """Categories, organisations and services from the domain brief, plus the outward-code centroids."""
    with transaction.atomic():
        outward_centroids_load()
        terms = categories_ensure()
        organisations: dict[str, Organisation] = {}
        for slug, name, description in ORGANISATIONS:
            organisations[slug], _ = Organisation.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "website": f"https://www.example.org/{slug}/",
                    "email": f"info@{slug[:40]}.example.org",
                    "referrals_email": f"referrals@{slug[:40]}.example.org",
                },
            )
        ids = [_service_ensure(spec, organisations, terms).pk for spec in SERVICES]
        demo_eligibility_apply()
        directory_index_refresh(service_ids=ids)
