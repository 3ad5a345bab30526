"""Factories for directory records (shared by the directory's tests)."""

from __future__ import annotations

from typing import Any

import factory

from services.models import Location, Organisation, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm


class OrganisationFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    slug = factory.Sequence(lambda n: f"test-organisation-{n}")
    referrals_email = factory.Sequence(lambda n: f"referrals{n}@example.org")


class TaxonomyFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Taxonomy
        django_get_or_create = ("name",)

    name = "Kent Carers and Wellbeing Portal categories"


class TaxonomyTermFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = TaxonomyTerm
        django_get_or_create = ("slug",)

    taxonomy = factory.SubFactory(TaxonomyFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ServiceFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Test Service {n}")
    slug = factory.Sequence(lambda n: f"test-service-{n}")
    description = "A service used in tests."
    districts = factory.LazyFunction(lambda: ["canterbury"])

    @factory.post_generation
    def categories(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.categories.set(extracted)


class LocationFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Venue {n}")
    address_1 = "1 High Street"
    city = "Whitstable"
    postcode = "CT5 1AA"
    district = "canterbury"
    latitude = 51.3606
    longitude = 1.0256


def place(service: Service, **location: Any) -> ServiceAtLocation:
    """Put a service at a new location."""
    return ServiceAtLocation.objects.create(service=service, location=LocationFactory(**location))
