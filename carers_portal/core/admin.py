from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from accounts.policy import user_can_on, user_editable_fields
from carers_portal.core import selectors, services
from carers_portal.core.models import AuditEvent, OutboundEmail

# Web addresses typed without a scheme are taken as https (Django 6's default; 5.2 still assumes http and warns).
URL_FIELDS: dict[Any, dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object  # a mixin: the admin class brings ModelAdmin, after the permission policy's mixin


class AuditedRecords(_ModelAdmin):
    """An admin whose records hold personal data: a member of staff opening one is audited (`record_opened`)."""

    def record_opened(self, request: HttpRequest, obj: Any) -> None:
        """Audit a member of staff opening `obj`, one they can see."""
        raise NotImplementedError

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                self.record_opened(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)


class PolicyAdmin:
    """Admin permissions and read-only fields from the permission policy (accounts/policy.py), never decided here.

    Mixed in before the admin class. A field the policy does not give the person is read-only to them."""

    model: Any
    form: Any

    def has_module_permission(self, request: HttpRequest) -> bool:
        return user_can_on(request.user, "view", self.model)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_can_on(request.user, "view", self.model, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_can_on(request.user, "add", self.model, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_can_on(request.user, "change", self.model, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_can_on(request.user, "delete", self.model, obj)

    def policy_readonly_fields(self, request: HttpRequest) -> list[str]:
        """Every field this person could be offered that the policy does not let them change."""
        editable = user_editable_fields(request.user, self.model)
        if editable is None:
            return []
        offered = [
            field.name
            for field in self.model._meta.get_fields()
            if (field.concrete or field.many_to_many) and not field.auto_created
        ]
        offered += [name for name in self.form.base_fields if name not in offered]
        return [name for name in offered if name not in editable]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return readonly + [name for name in self.policy_readonly_fields(request) if name not in readonly]

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> dict[str, Any]:
        prepopulated = dict(super().get_prepopulated_fields(request, obj))  # type: ignore[misc]
        readonly = set(self.policy_readonly_fields(request))
        return {name: source for name, source in prepopulated.items() if name not in readonly}


def policy_admin_enforce(site: admin.AdminSite) -> None:
    """Make every registered admin ask the policy, third-party ones (users, groups, sign-in records) included."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, PolicyAdmin):
            continue
        admin_class = type(model_admin)
        site.unregister(model)
        site.register(model, type(admin_class.__name__, (PolicyAdmin, admin_class), {}))


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records that staff may read but never add, edit or delete."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "category", "to", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "category")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    actions = ["retry_failed"]
    # The backlog summary above the list (templates/admin/core/outboundemail/change_list.html).
    change_list_template = "admin/core/outboundemail/change_list.html"

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "backlog": selectors.outbox_backlog()}
        return super().changelist_view(request, extra_context=extra_context)

    @admin.action(description="Retry the selected failed emails", permissions=["view"])
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        count = services.outbox_retry(email_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} email(s) queued to send again.", messages.SUCCESS)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_email", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("actor_email", "object_id", "summary")
    date_hierarchy = "at"
