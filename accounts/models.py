from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, staff_role=User.StaffRole.COMMISSIONER)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A portal account. Email is the sign-in identifier; there is no username."""

    class StaffRole(models.TextChoices):
        NONE = "", "Not staff"
        PROVIDER = "provider", "Provider staff (own organisation only)"
        COMMISSIONER = "commissioner", "Council commissioner (all organisations)"

    email = models.EmailField("email address", unique=True, max_length=254)
    name = models.CharField("name", max_length=150, blank=True)
    staff_role = models.CharField(max_length=20, choices=StaffRole.choices, blank=True, default="")
    is_staff = models.BooleanField(
        default=False, help_text="Can sign in to the staff admin (two-step verification required)."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = "user"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_commissioner(self) -> bool:
        return self.is_superuser or self.staff_role == self.StaffRole.COMMISSIONER
