"""Forms for consultations. A questionnaire page's fields are built from its questions."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone

from carers_portal.core.forms import GovForm, HoneypotMixin
from consultations.models import ConsultationEvent, Question, Response, Theme, Topic
from consultations.questionnaire import (
    Answers,
    QuestionData,
    Questionnaire,
    SectionData,
    condition_hint,
    question_visible,
    value_error,
    value_normalise,
)
from consultations.selectors.themes import theme_label
from consultations.services.coding import theme_nesting_error

EMAIL_ERROR = "Enter an email address in the correct format, like name@example.com"


def _field_for(q: QuestionData, hint: str) -> forms.Field:
    question = q.question
    help_text = " ".join(part for part in [question.help_text, hint] if part)
    label = question.text if question.required else f"{question.text} (optional)"
    choices = [(str(o.pk), o.text) for o in q.options]
    common: dict[str, Any] = {"label": label, "help_text": help_text, "required": False}
    if question.kind == Question.Kind.MULTIPLE:
        if question.max_choices:
            common["help_text"] = " ".join(filter(None, [f"Choose up to {question.max_choices}.", help_text]))
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if question.is_choice:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == Question.Kind.LONG_TEXT:
        common["help_text"] = " ".join(filter(None, [help_text, f"You can enter up to {q.limit:,} characters."]))
        # Browsers enforce maxlength, so a longer answer can only come from a tampered post (a 400).
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 6, "maxlength": str(q.limit)}), strip=False, **common
        )
    attrs: dict[str, str] = {"maxlength": str(q.limit)}
    if question.kind == Question.Kind.NUMBER:
        attrs |= {"inputmode": "decimal", "spellcheck": "false"}
    elif question.kind == Question.Kind.POSTCODE:
        attrs |= {"autocomplete": "postal-code", "spellcheck": "false"}
    return forms.CharField(widget=forms.TextInput(attrs=attrs), strip=False, **common)


class AnswersForm(GovForm):
    """The questions of one page (or, for keying in, of the whole questionnaire).

    Every field is optional at field level: whether an answer is required depends on the display
    conditions, which `clean()` evaluates against the earlier answers plus this page's.
    """

    submit_label = "Continue"

    def __init__(
        self,
        *args: Any,
        questionnaire: Questionnaire,
        sections: list[SectionData],
        earlier: Answers | None = None,
        save_button: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.sections = sections
        self.earlier = dict(earlier or {})
        self.shown: list[QuestionData] = []
        layout: list[Any] = []
        on_page = {q.question.pk: q for section in sections for q in section.questions}
        for section in sections:
            names: list[Any] = []
            for q in section.questions:
                controlling = on_page.get(q.question.condition_question_id or 0)
                if controlling is None and not question_visible(q, self.earlier):
                    continue
                hint = condition_hint(q, questionnaire) if controlling else ""
                self.fields[q.field_name] = _field_for(q, hint)
                self.shown.append(q)
                if controlling is None:
                    names.append(q.field_name)
                    continue
                # Shown with its hint; static/js/conditions.mjs hides it while it does not apply.
                rule = {
                    "data_kcc_show_if_field": controlling.field_name,
                    "data_kcc_show_if": q.question.condition,
                    "data_kcc_show_if_value": str(q.question.condition_option_id or ""),
                }
                names.append(Div(Field(q.field_name), css_class="kcc-conditional-question", **rule))
            if len(sections) > 1:
                layout.append(Fieldset(*names, legend=section.section.title, legend_size="m"))
            else:
                layout.extend(names)
        self.helper.layout = Layout(*[Field(name) if isinstance(name, str) else name for name in layout])
        if save_button:
            self.helper.add_input(Submit("save", "Save and come back later", css_class="govuk-button--secondary"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answers: Answers = dict(self.earlier)
        for q in self.shown:
            answers[q.key] = cleaned.get(q.field_name) or ([] if q.question.kind == Question.Kind.MULTIPLE else "")
        for q in self.shown:
            if not question_visible(q, answers):
                continue
            message = value_error(q, answers[q.key])
            if message:
                self.add_error(q.field_name, message)
        return cleaned

    def answers(self) -> Answers:
        """This page's answers, normalised; hidden questions are cleared so stale answers do not count."""
        answers: Answers = dict(self.earlier)
        result: Answers = {}
        for q in self.shown:
            value = self.cleaned_data.get(q.field_name) or ([] if q.question.kind == Question.Kind.MULTIPLE else "")
            answers[q.key] = value
        for q in self.shown:
            value = answers[q.key]
            result[q.key] = value_normalise(q, value) if question_visible(q, answers) else ""
        return result


class SubmitForm(HoneypotMixin, GovForm):
    submit_label = "Submit your response"
    email = forms.EmailField(
        label="Email address (optional)",
        help_text="We will email you a receipt with your response reference. We will not use it for anything else.",
        required=False,
        max_length=254,
        error_messages={"invalid": EMAIL_ERROR},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("email"), Div(Field("website"), css_class="kcc-honeypot"))


class ResumeEmailForm(GovForm):
    submit_label = "Send me a link"
    email = forms.EmailField(
        label="Email address",
        help_text=(
            "We will email you a link so you can come back to your answers. "
            "The link works until the consultation closes."
        ),
        max_length=254,
        error_messages={"required": "Enter your email address", "invalid": EMAIL_ERROR},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class SubscribeForm(HoneypotMixin, GovForm):
    submit_label = "Subscribe"
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={"required": "Enter your email address", "invalid": EMAIL_ERROR},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    topics = forms.MultipleChoiceField(
        label="Which topics do you want to hear about?",
        help_text="Select all that apply.",
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one topic"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("email"), Field("topics"), Div(Field("website"), css_class="kcc-honeypot"))


class KeyInForm(AnswersForm):
    """Staff keying in a paper, email or phone response: channel, date received, then every question."""

    submit_label = "Save response"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"] = forms.ChoiceField(
            label="How did the response arrive?",
            choices=[c for c in Response.Channel.choices if c[0] != Response.Channel.ONLINE],
            widget=forms.RadioSelect,
            error_messages={"required": "Select how the response arrived"},
        )
        self.fields["token"] = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
        events = list(ConsultationEvent.objects.filter(consultation=self.questionnaire.consultation))
        self.fields["event"] = forms.TypedChoiceField(
            label="Event (if taken at a drop-in session or group visit)",
            choices=[("", "Not taken at an event"), *[(str(e.pk), str(e)) for e in events]],
            coerce=int,
            empty_value=None,
            required=False,
            help_text="Record the drop-in sessions and group visits on the consultation's page in the staff admin.",
        )
        self.events = {e.pk: e for e in events}
        self.fields["received_on"] = forms.DateField(
            label="Date received",
            help_text="For example, 27/1/2025",
            input_formats=["%d/%m/%Y", "%Y-%m-%d"],
            error_messages={"required": "Enter the date the response was received", "invalid": "Enter a real date"},
        )
        self.helper.layout.fields[0:0] = [Field("token"), Field("channel"), Field("event"), Field("received_on")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        channel = cleaned.get("channel")
        event_id = cleaned.get("event")
        if channel == Response.Channel.EVENT and not event_id:
            self.add_error("event", "Select the event where the response was taken")
        elif channel and channel != Response.Channel.EVENT and event_id:
            self.add_error("event", "Select “At an event” as how the response arrived, or “Not taken at an event”")
        cleaned["event"] = self.events.get(event_id) if event_id and channel == Response.Channel.EVENT else None
        return cleaned

    def clean_received_on(self) -> Any:
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date received must be today or in the past")
        return value


class ThemeForm(forms.ModelForm):  # type: ignore[type-arg]
    """A codebook row in the staff admin: nesting is checked by the service's rule."""

    class Meta:
        model = Theme
        fields = ["position", "name", "definition", "parent"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 2, "cols": 40, "maxlength": "1000"})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        theme = self.instance
        theme.parent = cleaned.get("parent")
        problem = theme_nesting_error(theme=theme) if theme.question_id else ""
        if problem:
            self.add_error("parent", problem)
        return cleaned


class CodingForm(GovForm):
    """One written answer's themes, chosen by one coder: a checkbox per theme, suggestions marked."""

    submit_label = "Save and next"

    themes = forms.TypedMultipleChoiceField(
        label="Themes this answer raises",
        help_text="Select all that apply, or none. Suggested themes come from the words of answers already coded.",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, codebook: list[tuple[Theme, int]], suggested: dict[int, list[str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[Choice] = []
        for theme, level in codebook:
            label = theme_label(theme, level)
            hints = [theme.definition.rstrip(".") + "."] if theme.definition else []
            if theme.pk in suggested:
                label = f"{label} (suggested)"
                hints.append(f"Suggested: shares the words {', '.join(suggested[theme.pk])}.")
            choices.append(Choice(theme.pk, label, hint=" ".join(hints)) if hints else Choice(theme.pk, label))
        cast(forms.TypedMultipleChoiceField, self.fields["themes"]).choices = choices
        self.helper.layout = Layout(Field("themes"))
        self.helper.add_input(Submit("save", "Save", css_class="govuk-button--secondary"))
