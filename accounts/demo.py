"""Demo accounts for `manage.py seed_demo` (development and demos only)."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from accounts.models import User

DEMO_PASSWORD = "kent-demo-password"  # noqa: S105 - printed for demos; never used in production

DEMO_ACCOUNTS: list[dict[str, str | bool]] = [
    {"email": "carer@example.com", "name": "Sam Carer", "staff_role": "", "is_staff": False},
    {"email": "provider@example.com", "name": "Priya Provider", "staff_role": "provider", "is_staff": True},
    {
        "email": "commissioner@example.com",
        "name": "Chris Commissioner",
        "staff_role": "commissioner",
        "is_staff": True,
        "is_superuser": True,
    },
]


def demo_accounts_ensure() -> list[User]:
    """Create the demo accounts if missing, with verified email addresses. Idempotent."""
    users = []
    for spec in DEMO_ACCOUNTS:
        email = str(spec["email"])
        user, created = User.objects.get_or_create(
            email=email,
            defaults={k: v for k, v in spec.items() if k != "email"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        users.append(user)
    return users
