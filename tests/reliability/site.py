"""What the portal offers a member of the public today, found by asking it, and the journeys through it.

Feature endpoints (directory search, service pages, referrals, consultation responses)
are used when they exist on this branch; `Site.notes` says which were not found, and the
figures print it, so a missing endpoint is visible rather than silently untested.
"""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.test import Client

from tests.reliability.harness import Person, Response, main_form, plausible_answers

CONTENT_PAGES = ["/", "/accessibility/", "/privacy/", "/cookies/", "/contact/"]
SEARCHES = [
    {"q": "dementia"},
    {"q": "carers", "postcode": "ME14 1XX"},
    {"q": "befriending"},
    {"postcode": "CT1 2AB"},
    {"q": "mental health", "postcode": "TN23 1AA"},
    {"q": "respite"},
    {"q": ""},
]
PASSWORD = "kent-reliability-passphrase-2026"
STYLESHEET = re.compile(r'href="(/static/[^"]+\.css)"')


@dataclass
class Site:
    search_path: str | None = None
    service_pages: list[str] = field(default_factory=list)
    referral_forms: list[str] = field(default_factory=list)
    consultation_forms: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def endpoints(self) -> list[str]:
        found = ["content pages", "sign-up"]
        if self.search_path:
            found.append("search")
        if self.service_pages:
            found.append("service pages")
        if self.referral_forms:
            found.append("referrals")
        if self.consultation_forms:
            found.append("consultation responses")
        return found


def _model(label: str) -> Any:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _answers_200(client: Client, path: str) -> bool:
    try:
        return bool(client.get(path).status_code == 200)
    except Exception:  # noqa: BLE001 - a broken page is reported by the tests that use it, not here
        return False


def _leads_to_a_form(client: Client, path: str) -> bool:
    """The page, or the page it redirects to, is a form (a closed consultation's is not)."""
    try:
        response = client.get(path, follow=True)
    except Exception:  # noqa: BLE001 - a broken page is reported by the tests that use it, not here
        return False
    return response.status_code == 200 and main_form(response.content.decode()) is not None


def discover() -> Site:
    from tests.reliability import harness

    postcode = _model("services.Postcode")
    if postcode is not None and not harness.KNOWN_POSTCODES:
        full = postcode.objects.exclude(district="").filter(postcode__contains=" ").order_by("postcode")
        harness.KNOWN_POSTCODES[:] = list(full.values_list("postcode", flat=True)[:8])
    client = Client()
    site = Site()
    if _answers_200(client, "/services/?q=carers"):
        site.search_path = "/services/"
    else:
        site.notes.append("directory search (/services/) not on this branch")
    service = _model("services.Service")
    slugs: list[str] = []
    if service is not None and any(f.name == "slug" for f in service._meta.get_fields()):
        slugs = list(service.objects.order_by("pk").values_list("slug", flat=True)[:40])
    for slug in slugs:
        if _answers_200(client, f"/services/{slug}/"):
            site.service_pages.append(f"/services/{slug}/")
        if len(site.referral_forms) < 10 and _answers_200(client, f"/services/{slug}/refer/"):
            site.referral_forms.append(f"/services/{slug}/refer/")
    if not site.service_pages:
        site.notes.append("service pages (/services/<slug>/) not on this branch")
    if not site.referral_forms:
        site.notes.append("referrals (/services/<slug>/refer/) not on this branch")
    consultation = _model("consultations.Consultation")
    if consultation is not None and any(f.name == "slug" for f in consultation._meta.get_fields()):
        for slug in consultation.objects.order_by("pk").values_list("slug", flat=True)[:10]:
            if _leads_to_a_form(client, f"/consultations/{slug}/respond/"):
                site.consultation_forms.append(f"/consultations/{slug}/respond/")
    if not site.consultation_forms:
        site.notes.append("consultation responses (/consultations/<slug>/respond/) not on this branch")
    return site


@dataclass
class Outcomes:
    """What the simulated people were told happened to what they sent."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    signups: list[str] = field(default_factory=list)  # emails whose sign-up was accepted
    double_signups: list[str] = field(default_factory=list)  # accepted, then sent again
    referrals: list[str] = field(default_factory=list)  # the marker each accepted referral carries
    responses: list[str] = field(default_factory=list)  # the marker each accepted consultation response carries
    unexpected: list[tuple[str, int]] = field(default_factory=list)

    def add(self, bucket: str, value: str) -> None:
        with self.lock:
            getattr(self, bucket).append(value)

    def oops(self, kind: str, status: int) -> None:
        with self.lock:
            self.unexpected.append((kind, status))


def expect(outcomes: Outcomes, response: Response, kind: str, *allowed: int) -> bool:
    if response.status in allowed:
        return True
    outcomes.oops(kind, response.status)
    return False


def sign_up(person: Person, outcomes: Outcomes, email: str, *, twice: bool = False) -> None:
    page = person.get("sign-up form", "/account/signup/")
    if not expect(outcomes, page, "sign-up form", 200):
        return
    fields = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    result = person.post_form("sign-up submit", "/account/signup/", fields, page.body)
    # 302: accepted (on to "check your email"); 429: that address's sign-up limit.
    if expect(outcomes, result, "sign-up submit", 302, 429) and result.status == 302:
        outcomes.add("signups", email)
        if twice:  # the same form sent again (a double click, or Back and resend)
            again = person.post_form("sign-up submit", "/account/signup/", fields, page.body)
            if expect(outcomes, again, "sign-up submit", 302, 200, 403, 429):
                outcomes.add("double_signups", email)


def _local(location: str) -> str:
    """A redirect's path (and query), without the fragment or any scheme and host."""
    location = location.split("#")[0]
    if location and not location.startswith("/"):
        location = "/" + location.split("/", 3)[-1]
    return location


DONE = re.compile(r"confirmation|thank|/done/|/sent/|/complete")


def fill_in(person: Person, kind: str, path: str, rng: random.Random, marker: str, *, twice: bool = False) -> bool:
    """Answer every question of a (possibly multi-page) GOV.UK form; True when it ends on a confirmation page.

    With `twice`, the last page is sent again once it is done (a double click, or Back and resend):
    the portal must still store one submission.
    """
    page = person.get(f"{kind} form", path)
    current = path
    last: tuple[str, dict[str, Any], str] | None = None
    for _ in range(20):
        for _ in range(5):  # follow redirects, as a browser would
            if page.status not in (301, 302, 303) or not page.location:
                break
            current = _local(page.location)
            page = person.get(f"{kind} form", current)
        if page.status != 200:
            return False
        form = main_form(page.body)
        if form is None:
            done = bool(DONE.search(current))
            if done and twice and last is not None:
                person.post_form(f"{kind} resubmit", *last)
            return done
        action, fields = form
        target = action if action.startswith("/") else current
        answers = plausible_answers(fields, rng, marker)
        last = (target, answers, page.body)
        result = person.post_form(f"{kind} submit", target, answers, page.body)
        if result.status != 302:
            return False
        current = _local(result.location) or current
        page = person.get(f"{kind} form", current)
    return False


def public_journey(site: Site, outcomes: Outcomes, *, think: tuple[float, float] = (2.0, 5.0)) -> Any:
    """One visit by a member of the public: mostly reading and searching, now and then sending something.

    The mix (about 45% reading, 45% searching, 10% sending a form) and the pause between
    pages (2-5 s) are what a public information service sees; every visit starts at home.
    """

    def journey(person: Person, rng: random.Random, n: int) -> None:
        home = person.get("page", "/")
        expect(outcomes, home, "page", 200)
        stylesheet = STYLESHEET.search(home.body)
        if stylesheet and rng.random() < 0.3:  # most visitors have it cached already
            expect(outcomes, person.get("static", stylesheet.group(1)), "static", 200)
        time.sleep(rng.uniform(*think))
        roll = rng.random()
        if roll < 0.45 or (roll < 0.90 and not site.search_path):
            expect(outcomes, person.get("page", rng.choice(CONTENT_PAGES[1:])), "page", 200)
        elif roll < 0.90:
            query = "&".join(f"{k}={v.replace(' ', '+')}" for k, v in rng.choice(SEARCHES).items())
            expect(outcomes, person.get("search", f"{site.search_path}?{query}"), "search", 200)
            if site.service_pages:
                time.sleep(rng.uniform(*think))
                expect(outcomes, person.get("service page", rng.choice(site.service_pages)), "service page", 200)
        else:
            forms = (
                ["sign-up"] + ["referral"] * bool(site.referral_forms) + ["response"] * bool(site.consultation_forms)
            )
            chosen = rng.choice(forms)
            if chosen == "sign-up":
                sign_up(person, outcomes, f"load-{n}@example.com", twice=n % 5 == 0)
            elif chosen == "referral":
                marker = f"Loadref{n}z"  # letters and digits only; the z ends it (ref1z is not in ref12z)
                if fill_in(person, "referral", rng.choice(site.referral_forms), rng, marker, twice=n % 5 == 0):
                    outcomes.add("referrals", marker)
            else:
                marker = f"Loadresp{n}z"
                form = rng.choice(site.consultation_forms)
                if fill_in(person, "consultation response", form, rng, marker, twice=n % 5 == 0):
                    outcomes.add("responses", marker)
        time.sleep(rng.uniform(*think))

    return journey
