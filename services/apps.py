from __future__ import annotations

from django.apps import AppConfig


class ServicesConfig(AppConfig):
    verbose_name = "Service directory and referrals"
    name = "services"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from services.models import Taxonomy, TaxonomyTerm
        from services.services import categories_changed

        # The category list is cached per process until a category or taxonomy changes.
        for model in (Taxonomy, TaxonomyTerm):
            post_save.connect(
                categories_changed, sender=model, dispatch_uid=f"categories_changed_save_{model.__name__}"
            )
            post_delete.connect(
                categories_changed, sender=model, dispatch_uid=f"categories_changed_delete_{model.__name__}"
            )
