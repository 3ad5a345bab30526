"""Template helpers shared by every page."""

from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def error_anchor(bound_field: forms.BoundField) -> str:
    """The id an error summary link should point at for this field.

    GOV.UK links a radio or checkbox group's error to its first option, and a
    multi-part field (a date) to its first part. crispy-forms-gds numbers options
    from 1 (`id_<name>_1`); Django numbers a MultiWidget's parts from 0.
    """
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return str(bound_field.auto_id)
