"""(e) Hostile input: property-based fuzzing (hypothesis) of every public form and page, found by walking the URLs.

Every URL outside the staff admin is fetched as a member of the public and as a signed-in
carer; every POST form found is sent hypothesis-generated answers (script and markup
payloads, SQL metacharacters, template syntax, control characters, very long text, lists
where one value is expected, unexpected fields) and every page is fetched with hostile
query strings. The Django test client re-raises any exception a view lets escape, so a
500 fails the test with its traceback. Then: payloads that were stored render escaped on
every page and every staff admin page; the tables are all still there; and, against
gunicorn, oversized bodies and headers are refused.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from tests.reliability.harness import (
    CSRF_INPUT,
    Person,
    Recorder,
    app_env,
    gunicorn,
    main_form,
    plausible_answers,
    record_figures,
)
from tests.reliability.site import discover

EXAMPLES = int(os.environ.get("RELIABILITY_FUZZ_EXAMPLES", "40"))  # per form
QUERY_EXAMPLES = int(os.environ.get("RELIABILITY_FUZZ_QUERY_EXAMPLES", "10"))  # per page
MARKER = "kcpxss"
PAYLOADS = [
    f"<script>{MARKER}()</script>",
    f'"><img src=x onerror={MARKER}()>',
    f"'><svg onload={MARKER}()>",
    f"javascript:{MARKER}()",
    "' OR '1'='1",
    "'; DROP TABLE accounts_user; --",
    '" OR ""="',
    "1; SELECT pg_sleep(10)",
    "%",
    "_",
    "\\",
    "%00",
    "\x00",
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "\r\nSet-Cookie: injected=1",
    "../../../../etc/passwd",
    "ME14 1XX",
    "",
    " ",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "\u202etxt.exe",
    "😀" * 20,
    "A" * 5000,
]
UNESCAPED = re.compile(rf"<script>{MARKER}|<img src=x onerror={MARKER}|<svg onload={MARKER}")
SKIP = ("staff/", "account/logout/")
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=300),
    st.sampled_from(PAYLOADS).map(lambda s: s * 40),
    st.integers().map(str),
)
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same examples every run: deterministic for CI
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _text(response: Any) -> str:
    """A response's body as text, streamed (CSV exports) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return str(response.content.decode(errors="replace"))


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and not route.startswith("^"):
            yield prefix + route


def _concrete(route: str, slugs: list[str]) -> list[str]:
    """Fill each path converter: with values that exist where one answers (a real service's slug), and a bogus one."""
    converters = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    if not converters:
        return ["/" + route]
    probe = Client()
    found: list[str] = []
    bogus = "/" + route
    candidates = ["/" + route]
    for converter, name in converters:
        token = f"<{converter + ':' if converter else ''}{name}>"
        values = ["1"] if converter == "int" or name in ("pk", "id") else slugs
        candidates = [c.replace(token, v, 1) for c in candidates for v in values]
        bogus = bogus.replace(token, "999999" if converter == "int" else "no-such-thing", 1)
    # One real value per route is enough (the pages behind it are the same code): one that leads
    # to a form if any does (an open consultation, not a closed one), else one that answers.
    answering: list[str] = []
    for candidate in candidates[:200]:
        response = probe.get(candidate, follow=True)
        if response.status_code != 200:
            continue
        if main_form(_text(response)) is not None:
            found = [candidate]
            break
        answering.append(candidate)
    return [*(found or answering[:1]), bogus]


def _slugs() -> list[str]:
    found: list[str] = []
    for model in apps.get_models():
        if any(f.name == "slug" for f in model._meta.get_fields()):
            found.extend(model.objects.order_by("pk").values_list("slug", flat=True)[:3])
    return list(dict.fromkeys(found))


def public_paths() -> list[str]:
    slugs = _slugs()
    paths: list[str] = []
    for route in _routes(get_resolver().url_patterns):
        if route.startswith(SKIP) or route in ("healthz", "readyz"):
            continue
        paths.extend(_concrete(route, slugs))
    return sorted(set(paths))


def _fuzz_carer() -> User:
    """A signed-up, verified carer of the fuzzer's own (made again if a fuzzed form deleted the account)."""
    from allauth.account.models import EmailAddress

    email = "fuzz.carer@example.com"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password="a-fuzzing-carer-passphrase")
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _clients() -> dict[str, Client]:
    carer = _fuzz_carer()
    signed_in = Client()
    signed_in.force_login(carer)
    return {"public": Client(), "carer": signed_in}


def _reset_limits() -> None:
    """Rate limits and lockouts would answer 429 and hide the form's own handling from the fuzzer."""
    from axes.models import AccessAttempt

    cache.clear()
    AccessAttempt.objects.all().delete()


# Query parameters the pages and the Open Referral UK API read, and one they do not.
QUERY_KEYS = [
    "q",
    "postcode",
    "page",
    "sort",
    "category",
    "area",
    "district",
    "distance",
    "next",
    "x",
    "text",
    "per_page",
    "taxonomy_id",
    "taxonomy_term_id",
    "proximity",
    "lat",
    "lng",
    "age",
    "modified_after",
]
QUERY = st.dictionaries(st.sampled_from(QUERY_KEYS), hostile_text, max_size=4)


def _fuzz_path(route: str) -> Any:
    """Hostile values in the path itself (an id, a slug, a token) for every route that takes one."""
    from urllib.parse import quote

    client = Client()

    @settings(FUZZ, max_examples=QUERY_EXAMPLES)
    @given(value=hostile_text)
    def fuzz(value: str) -> None:
        path = "/" + re.sub(r"<(?:\w+:)?\w+>", quote(value, safe="") or "x", route)
        response = client.get(path)
        assert response.status_code < 500, path
        assert not UNESCAPED.search(_text(response)), path

    return fuzz


def _fuzz_query(client: Client, path: str) -> Any:
    @settings(FUZZ, max_examples=QUERY_EXAMPLES)
    @given(query=QUERY)
    def fuzz(query: dict[str, str]) -> None:
        response = client.get(path, query)
        assert response.status_code < 500
        assert not UNESCAPED.search(_text(response)), (path, query)

    return fuzz


def _fuzz_form(client: Client, path: str, answers: Any) -> Any:
    @FUZZ
    @given(data=answers)
    def fuzz(data: dict[str, Any]) -> None:
        _reset_limits()
        response = client.post(path, data)
        assert response.status_code < 500, (path, data)
        assert not UNESCAPED.search(_text(response)), (path, data)

    return fuzz


def _walk_flow(who: str, start: str, tried: dict[str, int]) -> Iterator[int]:
    """Fuzz each page of a (possibly multi-page) form in turn, moving on with valid answers whose
    free text is a script payload (stored XSS bait). Yields 1 for each submission the portal accepted
    that carried a payload in free text."""
    import random

    client = _clients()[who]  # a session of its own, so a flow's state is its own
    path = start
    rng = random.Random(7)  # noqa: S311 - repeatable answers, not security
    for _ in range(15):
        response = client.get(path, follow=True)
        assert response.status_code < 500, path
        form = main_form(_text(response))
        if response.status_code != 200 or form is None:
            return
        action, fields = form
        current = action if action.startswith("/") else response.request["PATH_INFO"]
        answers = st.fixed_dictionaries(
            dict.fromkeys(fields, hostile_value), optional={"unexpected_field": hostile_text}
        )
        if f"POST {current} ({who})" not in tried:
            _fuzz_form(client, current, answers)()
            tried[f"POST {current} ({who})"] = EXAMPLES
            if who == "carer":  # what was posted may have changed the carer's session
                client.force_login(_fuzz_carer())
        valid = plausible_answers(fields, rng, "xss")
        free_text = [n for n, f in fields.items() if f.kind in ("text", "textarea") and _free_text(n)]
        for name in free_text:
            valid[name] = f"<script>{MARKER}()</script>"
        _reset_limits()
        result = client.post(current, valid)
        assert result.status_code < 500, current
        if result.status_code != 302:
            # The payload was refused (a field that allows no markup): try once more without it.
            valid = plausible_answers(fields, rng, "xss")
            result = client.post(current, valid)
            if result.status_code != 302:
                return
        elif free_text:
            yield 1
        path = result["Location"]


def _free_text(name: str) -> bool:
    return name != "website" and not any(w in name.lower() for w in ("postcode", "email", "phone", "password"))


def test_hostile_input_causes_no_500_and_is_never_rendered_unescaped(staff_login: Any) -> None:
    tried: dict[str, int] = {}
    forms: list[tuple[str, str]] = []
    discover()  # real postcodes for the valid answers
    paths = public_paths()
    clients = _clients()

    for who, client in clients.items():
        for path in paths:
            response = client.get(path, follow=True)
            assert response.status_code < 500, path
            if response.status_code == 200 and main_form(_text(response)):
                forms.append((who, response.request["PATH_INFO"]))

            _fuzz_query(client, path)()
            tried[f"GET {path} ({who})"] = QUERY_EXAMPLES

    stored = 0
    for route in _routes(get_resolver().url_patterns):
        if "<" in route and not route.startswith(SKIP):
            _fuzz_path(route)()
            tried[f"GET /{route} (hostile path values)"] = QUERY_EXAMPLES

    # A form a member of the public can reach is fuzzed as the public; the carer's own forms as the carer.
    public_forms = {path for who, path in forms if who == "public"}
    forms = [(who, path) for who, path in dict.fromkeys(forms) if who == "public" or path not in public_forms]
    # Deleting the account goes last: the fuzz carer is made again, but loses what earlier forms set up.
    deleting = [form for form in forms if "delete" in form[1]]
    for who, start in [form for form in forms if form not in deleting]:
        for step_path in _walk_flow(who, start, tried):
            stored += step_path
    # Forms the carer can reach only once earlier ones were sent (registering as a carer opens the
    # self-assessment): look again, and walk what is new.
    for _ in range(3):  # each pass may open more (a person cared for opens the self-assessment)
        carer = _clients()["carer"]
        again = []
        for path in paths:
            if "delete" in path:
                continue
            response = carer.get(path, follow=True)
            assert response.status_code < 500, path
            landed = response.request["PATH_INFO"]
            if response.status_code == 200 and main_form(_text(response)) and f"POST {landed} (carer)" not in tried:
                again.append(landed)
        new_forms = [start for start in dict.fromkeys(again) if start not in public_forms]
        if not new_forms:
            break
        for start in new_forms:
            for step_path in _walk_flow("carer", start, tried):
                stored += step_path
    for who, start in deleting:
        for step_path in _walk_flow(who, start, tried):
            stored += step_path

    pages_checked = _render_everything_and_check_escaping(paths, clients, staff_login)
    for model in apps.get_models():
        model.objects.exists()  # every table still answers: no metacharacter reached SQL
    record_figures(
        "hostile input",
        {
            "pages fuzzed (GET)": sum(1 for k in tried if k.startswith("GET")),
            "forms fuzzed (POST)": sum(1 for k in tried if k.startswith("POST")),
            "form pages": sorted(k.removeprefix("POST ") for k in tried if k.startswith("POST")),
            "hypothesis examples": f"{EXAMPLES} per form, {QUERY_EXAMPLES} per page",
            "requests": sum(tried.values()),
            "form pages accepting a script payload in free text (then checked escaped)": stored,
            "pages and staff admin pages checked for unescaped payloads": pages_checked,
        },
    )


def _render_everything_and_check_escaping(paths: list[str], clients: dict[str, Client], staff_login: Any) -> int:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    commissioner = User.objects.get(email="commissioner@example.com")
    if not Authenticator.objects.filter(user=commissioner, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(commissioner, generate_totp_secret())  # the staff admin requires two-step verification
    staff = Client()
    staff_login(staff, commissioner)
    urls = list(paths)
    for model, _ in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        first = model._default_manager.order_by("-pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    checked = 0
    for client in [*clients.values(), staff]:
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            if client is staff and url.startswith("/staff/"):
                assert response.status_code == 200, (url, response.status_code)  # really rendered, not redirected
            assert not UNESCAPED.search(_text(response)), url
            checked += 1
    return checked


def test_oversized_bodies_and_headers_are_refused_by_the_running_portal() -> None:
    before = User.objects.count()
    refused: dict[str, int] = {}
    with gunicorn(app_env(redis_url=os.environ["REDIS_URL"]), workers=1, name="oversized") as web:
        host, port = "127.0.0.1", web.port

        # A real form's CSRF cookie and token, so it is the size, not CSRF, that refuses each request.
        page = Person(web.base_url, "10.7.0.1", Recorder())
        form = page.get("form", "/account/signup/")
        token = CSRF_INPUT.search(form.body)
        assert token
        cookie = "; ".join(f"{k}={v}" for k, v in page.cookies.items())
        prefix = f"csrfmiddlewaretoken={token.group(1)}&".encode()

        def send(label: str, path: str, body: bytes, claimed: int | None = None, header: str = "") -> int:
            body = prefix + body
            connection = http.client.HTTPConnection(host, port, timeout=60)
            try:
                connection.putrequest("POST", path)
                connection.putheader("Cookie", cookie)
                connection.putheader("Content-Type", "application/x-www-form-urlencoded")
                connection.putheader("Content-Length", str(claimed if claimed is not None else len(body)))
                if header:
                    connection.putheader("X-Padding", header)
                connection.endheaders()
                with contextlib.suppress(OSError):  # the server may refuse before reading it all
                    connection.send(body)
                status = connection.getresponse().status
            finally:
                connection.close()
            refused[label] = status
            return status

        assert send("11 MB body", "/account/signup/", b"a" * 65536, claimed=11 * 1024 * 1024) == 413
        assert send("3 MB of form fields", "/account/signup/", b"email=a%40b.com&password1=" + b"x" * 3_000_000) == 400
        assert send("20 KB header", "/account/signup/", b"email=x", header="h" * 20_000) == 431
        assert send("100 MB claimed", "/account/login/", b"", claimed=100 * 1024 * 1024) == 413
    record_figures("oversized requests", {"statuses": refused})
    assert User.objects.count() == before


# --- Privacy attacks (issue 14), against gunicorn with the production config --------------------------------

EMAIL_IN_LOG = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
POSTCODE_IN_LOG = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE)
PHONE_IN_LOG = re.compile(r"(?<![\w.])(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\w)")
UUID_IN_LOG = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
PRIVATE_PAGES = [
    "/account/",
    "/account/email/",
    "/account/2fa/",
    "/account/your-data/",
    "/account/your-data/download.json",
    "/account/your-data/download.csv",
    "/account/referrals/",
    "/carers/",
    "/carers/people/",
    "/carers/assessment/versions/",
]


def _verified_user(email: str, password: str, **extra: Any) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first() or User.objects.create_user(email=email, password=password, **extra)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _sign_in(person: Person, email: str, password: str) -> int:
    page = person.get("sign-in form", "/account/login/")
    return person.post_form("sign-in", "/account/login/", {"login": email, "password": password}, page.body).status


def _latest_email(to: str, category: str) -> str:
    from carers_portal.core.models import OutboundEmail

    return OutboundEmail.objects.filter(to=to, category=category).latest("pk").body_text


def _link(body: str, pattern: str) -> str:
    found = re.search(rf"https?://[^/\s]+({pattern}\S*)", body)
    assert found, (pattern, body)
    return found.group(1)


def _referral(person: Person, form: str, marker: str) -> Any:
    """Send a referral through the real journey; the stored referral (None when refused)."""
    import random

    from services.referrals.models import Referral
    from tests.reliability.site import fill_in

    fill_in(person, "referral", form, random.Random(marker), marker)  # noqa: S311 - repeatable answers
    return Referral.objects.filter(help_wanted__contains=marker).first()


def test_privacy_attacks_are_refused_by_the_running_portal(staff_login: Any) -> None:
    """Each attack of the security review (issue 14) tried on the running portal; then gunicorn's own access log of
    it all is searched for tokens, keys, ids, emails, phone numbers and postcodes."""
    import base64
    import binascii
    import statistics
    from urllib.parse import urlsplit

    from carers_portal.core.models import AuditEvent
    from consultations.models import Consultation, Subscription, Topic
    from consultations.services.subscriptions import unsubscribe_token_make
    from services.models import Service

    site = discover()
    assert site.referral_forms, site.notes
    # A service that takes requests from outside what it covers ("no wrong door"), so the journey's randomly
    # chosen postcode and age band always lead to a referral (outside, it asks to confirm, then goes on).
    slug = (
        Service.objects.filter(accepts_self_referral=True, accepts_outside_area=True, status=Service.Status.ACTIVE)
        .order_by("pk")
        .values_list("slug", flat=True)
        .first()
    )
    assert slug is not None, "the demo directory has no service taking requests from outside its area"
    form = f"/services/{slug}/refer/"
    password = "a-privacy-reliability-passphrase"
    figures: dict[str, Any] = {}
    secrets: list[str] = []
    _reset_limits()
    with gunicorn(app_env(redis_url=os.environ["REDIS_URL"]), workers=1, name="privacy") as web:
        recorder = Recorder()

        # 1. Replaying another person's submission token reveals nothing.
        victim = Person(web.base_url, "10.14.1.1", recorder)
        referral = _referral(victim, form, "privacyvictim")
        assert referral is not None
        secrets += [str(referral.uuid), referral.submission_token]
        attacker = Person(web.base_url, "10.14.1.2", recorder)
        start = attacker.get("referral form", form)
        replay = attacker.post_form(
            "replay",
            f"/services/{slug}/refer/check-your-answers/",
            {"submission_token": referral.submission_token},
            start.body,
        )
        shown = attacker.get("replay", f"/services/{slug}/refer/confirmation/")
        for response in (replay, shown):
            assert response.status in (200, 302)
            assert referral.reference not in response.body
            assert str(referral.uuid) not in response.body
        assert replay.location.endswith(f"/services/{slug}/refer/")
        status_page = victim.get("status page", urlsplit(referral.get_status_url()).path)
        assert status_page.status == 200
        assert "no-store" in status_page.headers.get("cache-control", "")

        # 2. A signed-in person meets the referral limit per account, whatever address they use.
        carer_email = "privacy.carer@example.com"
        _verified_user(carer_email, password)
        sent = []
        for n in range(6):
            person = Person(web.base_url, f"10.14.2.{n + 1}", recorder)
            assert _sign_in(person, carer_email, password) == 302
            sent.append(_referral(person, form, f"privacyaccount{n}") is not None)
        assert sent == [True] * 5 + [False], sent  # REFERRAL_RATE_LIMIT is 5 an hour
        figures["referrals accepted per account from 6 addresses"] = sum(sent)

        # 3. Every private page says no-store, private.
        carer = Person(web.base_url, "10.14.3.1", recorder)
        assert _sign_in(carer, carer_email, password) == 302
        for path in PRIVATE_PAGES:
            response = carer.get("private page", path)
            cache_control = response.headers.get("cache-control", "")
            assert "no-store" in cache_control, (path, cache_control)
            assert "private" in cache_control, (path, cache_control)
        figures["private pages checked for Cache-Control: no-store"] = len(PRIVATE_PAGES)

        # 4. Wrong passwords from many addresses cannot lock the owner out; from one address they lock that one.
        owner_email = "privacy.owner@example.com"
        _verified_user(owner_email, password)
        for n in range(8):
            _sign_in(Person(web.base_url, f"10.14.4.{n + 1}", recorder), owner_email, "not-the-password")
        assert _sign_in(Person(web.base_url, "10.14.4.200", recorder), owner_email, password) == 302
        same = Person(web.base_url, "10.14.4.201", recorder)
        statuses = [_sign_in(same, owner_email, "not-the-password") for _ in range(5)]
        assert statuses[-1] == 429, statuses
        assert _sign_in(same, owner_email, password) != 302  # locked there (axes, or allauth's per-address limit)

        # 5. Signing up takes as long for an existing email as for a new one (figures, not a timed assertion), and
        # the "account already exists" email names the address.
        timings: dict[str, list[float]] = {"new": [], "existing": []}
        for n in range(4):
            for kind, email in (("new", f"privacy.new{n}@example.com"), ("existing", carer_email)):
                person = Person(web.base_url, f"10.14.5.{n * 2 + (kind == 'new')}", recorder)
                page = person.get("sign-up form", "/account/signup/")
                fields = {"email": email, "password1": password, "password2": password}
                result = person.post_form("sign-up submit", "/account/signup/", fields, page.body)
                assert result.status == 302
                timings[kind].append(result.seconds * 1000)
        figures["sign-up median ms (new email / existing email)"] = [
            round(statistics.median(timings["new"])),
            round(statistics.median(timings["existing"])),
        ]
        assert carer_email in _latest_email(carer_email, "account:account_already_exists")
        confirm = _link(
            _latest_email("privacy.new0@example.com", "account:email_confirmation_signup"), "/account/confirm-email/"
        )
        secrets.append(confirm.rstrip("/").rsplit("/", 1)[-1])
        assert Person(web.base_url, "10.14.5.100", recorder).get("confirm email", confirm).status in (200, 302)

        # 6. Password reset: the key link is followed, and must not reach the log.
        forgetful = Person(web.base_url, "10.14.6.2", recorder)
        reset_page = forgetful.get("reset form", "/account/password/reset/")
        forgetful.post_form("reset", "/account/password/reset/", {"email": carer_email}, reset_page.body)
        reset = _link(_latest_email(carer_email, "account:password_reset_key"), "/account/password/reset/key/")
        secrets.append(reset.rstrip("/").rsplit("/", 1)[-1])
        assert Person(web.base_url, "10.14.6.1", recorder).get("reset link", reset).status in (200, 302)

        # 7. The subscribe-confirmation link does not carry the email readable; following it subscribes.
        subscriber = "privacy.subscriber@example.com"
        person = Person(web.base_url, "10.14.7.1", recorder)
        page = person.get("subscribe form", "/consultations/subscribe/")
        person.post_form(
            "subscribe", "/consultations/subscribe/", {"email": subscriber, "topics": [Topic.values[0]]}, page.body
        )
        subscribe = _link(_latest_email(subscriber, "consultation-subscribe"), "/consultations/subscribe/confirm/")
        token = subscribe.rstrip("/").rsplit("/", 1)[-1]
        secrets.append(token)
        decoded = b""
        for part in re.split(r"[:.]", token):
            with contextlib.suppress(binascii.Error, ValueError):
                decoded += base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        assert b"privacy.subscriber" not in decoded
        assert "subscribed" in person.get("subscribe confirm", subscribe).body
        subscription = Subscription.objects.get(email=subscriber)
        unsubscribe = f"/consultations/unsubscribe/{unsubscribe_token_make(subscription=subscription)}/"
        secrets.append(unsubscribe.rstrip("/").rsplit("/", 1)[-1])
        assert person.get("unsubscribe", unsubscribe).status == 200

        # 8. Searches with postcodes and phone numbers, and a path with an email in it.
        for query in ("/services/?postcode=ME14+1XX&q=carers", "/services/?q=07700+900982", "/no-such/jo@example.com/"):
            person.get("search", query)

        # 9. The public API never names the member of staff who checked a listing.
        api = person.get("api", "/api/v1/services?per_page=100").body
        assert "assurer_email" not in api
        assert "commissioner@example.com" not in api
        access_log = web.access_log

    # 10. Staff searches are audited without the words searched for.
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    commissioner = User.objects.get(email="commissioner@example.com")
    if not Authenticator.objects.filter(user=commissioner, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(commissioner, generate_totp_secret())  # the staff admin requires two-step verification
    manager = Client()
    staff_login(manager, commissioner)
    manager.get("/staff/referrals/referral/", {"q": "07700 900982"})
    summary = AuditEvent.objects.filter(summary__startswith="Opened the referral queue").latest("pk").summary
    assert "900982" not in summary
    assert "q=[search]" in summary

    # 11. A commissioner without two-step verification this session sees no unpublished results.
    unpublished = [c for c in Consultation.objects.all() if not c.results_are_public]
    assert unpublished
    unverified = Client()
    unverified.force_login(commissioner)
    for consultation in unpublished:
        response = unverified.get(f"/consultations/{consultation.slug}/results/")
        assert response.status_code == 302, consultation.slug
        assert response["Location"].startswith("/account/2fa/")
    figures["unpublished results refused without two-step verification"] = len(unpublished)

    # Finally gunicorn's own access log of all that, and of every other gunicorn of this run.
    logs = sorted(access_log.parent.glob("gunicorn-*-access.log"))
    assert access_log in logs
    lines = 0
    for log in logs:
        text = log.read_text()
        lines += text.count("\n")
        for secret in secrets:
            assert secret not in text, (log.name, secret)
        for pattern in (EMAIL_IN_LOG, POSTCODE_IN_LOG, PHONE_IN_LOG, UUID_IN_LOG):
            assert not pattern.search(text), (log.name, pattern.pattern, pattern.search(text))
        assert "?" not in text, log.name
    figures["access log lines checked"] = lines
    figures["secrets followed and kept out of the log"] = len(secrets)
    record_figures("privacy attacks", figures)
