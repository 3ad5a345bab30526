"""The levels of need as a taxonomy, so the ORUK API can publish them as attributes with real term ids."""

from __future__ import annotations

from typing import Any

from django.db import migrations

TAXONOMY = "Kent levels of need"
# (code, name, description): the 2024-25 review of wellbeing services (seed 000, 4.5), in plain English.
TERMS = [
    (
        "low",
        "Low needs",
        "Living independently and wanting information or advice, for example where to find a local group or activity.",
    ),
    (
        "medium",
        "Medium needs",
        "Needing a bit of short-term help to stay independent, for example someone to go with them to a group.",
    ),
    (
        "higher",
        "Higher needs",
        "Needing regular help to live independently, for example help to arrange transport and someone to go with "
        "them to activities.",
    ),
]


def create(apps: Any, schema_editor: Any) -> None:
    Taxonomy = apps.get_model("services", "Taxonomy")
    TaxonomyTerm = apps.get_model("services", "TaxonomyTerm")
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name=TAXONOMY,
        defaults={
            "description": "The levels of need Kent's wellbeing services are designed around (low, medium, higher)."
        },
    )
    for position, (code, name, description) in enumerate(TERMS):
        TaxonomyTerm.objects.get_or_create(
            slug=f"need-level-{code}",
            defaults={
                "taxonomy": taxonomy,
                "code": code,
                "name": name,
                "description": description,
                "position": position,
            },
        )


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("services", "TaxonomyTerm").objects.filter(taxonomy__name=TAXONOMY).delete()
    apps.get_model("services", "Taxonomy").objects.filter(name=TAXONOMY).delete()


class Migration(migrations.Migration):
    dependencies = [("services", "0010_service_eligibility_and_dates")]

    operations = [migrations.RunPython(create, remove)]
