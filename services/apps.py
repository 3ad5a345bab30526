from __future__ import annotations

from django.apps import AppConfig


class ServicesConfig(AppConfig):
    verbose_name = "Service directory and referrals"
    name = "services"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from services.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
        from services.services import categories_changed, service_categories_changed, service_places_changed

        # The category list is cached per process until a category or taxonomy changes.
        for model in (Taxonomy, TaxonomyTerm):
            post_save.connect(
                categories_changed, sender=model, dispatch_uid=f"categories_changed_save_{model.__name__}"
            )
            post_delete.connect(
                categories_changed, sender=model, dispatch_uid=f"categories_changed_delete_{model.__name__}"
            )
        # Whether a service has a place is kept on the service for radius searches.
        post_save.connect(service_places_changed, sender=ServiceAtLocation, dispatch_uid="service_places_saved")
        post_delete.connect(service_places_changed, sender=ServiceAtLocation, dispatch_uid="service_places_deleted")
        m2m_changed.connect(
            service_categories_changed, sender=Service.categories.through, dispatch_uid="service_categories_changed"
        )
