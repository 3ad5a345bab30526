"""Theme coding: the codebook's nesting, each coder's codes, counts, suggestions, agreement and the coding pages."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carers_portal.core.models import AuditEvent
from consultations.models import Answer, AnswerTheme, Consultation, Question
from consultations.selectors.coding import answer_theme_ids, coding_first_answer, theme_suggestions
from consultations.selectors.export import export_csv
from consultations.selectors.results import consultation_results, results_rows
from consultations.selectors.themes import codebook, question_themes, theme_agreement
from consultations.services.coding import ThemeInvalid, answer_code, theme_create, theme_nesting_error
from consultations.synthetic import SyntheticResponse, responses_copy
from tests.consultations.conftest import option_id

pytestmark = pytest.mark.django_db


def written(consultation: Consultation, items: list[tuple[str, str]]) -> list[Answer]:
    """Submitted responses with a written answer to "Why do you say that?": (respondent type, text)."""
    why = consultation.questions.get(code="why")
    capacity = consultation.questions.get(code="capacity")
    responses_copy(
        consultation=consultation,
        responses=[
            SyntheticResponse(
                channel="online",
                submitted_at=timezone.now(),
                answers={
                    str(why.pk): text,
                    str(capacity.pk): option_id(consultation, "capacity", respondent_type),
                    str(consultation.questions.get(code="uses").pk): option_id(consultation, "uses", "No"),
                },
                respondent_type=respondent_type,
            )
            for respondent_type, text in items
        ],
    )
    return list(Answer.objects.filter(question=why).order_by("pk"))


@pytest.fixture
def why(consultation: Consultation) -> Question:
    return consultation.questions.get(code="why")


def test_themes_nest_one_level_within_their_question(consultation: Consultation, why: Question) -> None:
    loss = theme_create(question=why, name="Loss of support", definition="Services would stop")
    isolation = theme_create(question=why, name="Isolation", parent=loss)
    with pytest.raises(ThemeInvalid, match="one level"):
        theme_create(question=why, name="Too deep", parent=isolation)
    postcode = consultation.questions.get(code="postcode")
    with pytest.raises(ThemeInvalid, match="same question"):
        theme_create(question=postcode, name="Elsewhere", parent=loss)
    with pytest.raises(ThemeInvalid, match="written answers"):
        theme_create(question=consultation.questions.get(code="agree"), name="Choice")
    loss.parent = isolation
    assert "one level" in theme_nesting_error(theme=loss)
    assert [(t.name, level) for t, level in codebook(question=why)] == [
        ("Loss of support", 0),
        ("Isolation", 1),
    ]


def test_each_coder_keeps_their_own_codes(consultation: Consultation, why: Question, staff_user_factory: Any) -> None:
    (answer,) = written(consultation, [("As a Kent resident", "I would be lonely")])
    first = staff_user_factory(email="a@example.com", staff_role="commissioner")
    second = staff_user_factory(email="b@example.com", staff_role="commissioner")
    lonely = theme_create(question=why, name="Loneliness")
    money = theme_create(question=why, name="Money")
    other = theme_create(question=consultation.questions.get(code="postcode"), name="Not this question")
    assert answer_code(answer=answer, coder=first, theme_ids={lonely.pk, other.pk}) == {lonely.pk}
    answer_code(answer=answer, coder=first, theme_ids={lonely.pk})  # saved twice: no duplicate
    answer_code(answer=answer, coder=second, theme_ids={money.pk})
    assert answer_theme_ids(answer=answer, coder=first) == {lonely.pk}
    answer_code(answer=answer, coder=first, theme_ids=set())
    assert answer_theme_ids(answer=answer, coder=first) == set()
    assert answer_theme_ids(answer=answer, coder=second) == {money.pk}
    # Coded with no theme still counts as coded by that person.
    assert coding_first_answer(question=why, coder=first, uncoded_only=True) is None


def test_counts_are_of_those_answering_with_parents_counting_each_answer_once(
    consultation: Consultation, why: Question, staff_user_factory: Any
) -> None:
    answers = written(
        consultation,
        [("As a Kent resident", f"answer {i}") for i in range(6)] + [("Other", f"other {i}") for i in range(4)],
    )
    first = staff_user_factory(email="a@example.com", staff_role="commissioner")
    second = staff_user_factory(email="b@example.com", staff_role="commissioner")
    loss = theme_create(question=why, name="Loss of support", position=1)
    isolation = theme_create(question=why, name="Isolation", parent=loss)
    advice = theme_create(question=why, name="Advice", parent=loss)
    cost = theme_create(question=why, name="Cost", position=2)
    # Answer 0: both sub-themes (counts once for the parent); answers 1-2 isolation; answer 6 (Other) advice;
    # answer 7 cost by two coders (counts once).
    answer_code(answer=answers[0], coder=first, theme_ids={isolation.pk, advice.pk})
    answer_code(answer=answers[1], coder=first, theme_ids={isolation.pk})
    answer_code(answer=answers[2], coder=second, theme_ids={isolation.pk})
    answer_code(answer=answers[6], coder=first, theme_ids={advice.pk})
    answer_code(answer=answers[7], coder=first, theme_ids={cost.pk})
    answer_code(answer=answers[7], coder=second, theme_ids={cost.pk})
    answer_code(answer=answers[8], coder=first, theme_ids=set())
    themes = question_themes(consultation=consultation)[why.pk]
    assert (themes.n, themes.coded) == (10, 6)
    rows = {row.theme.name: row for row in themes.themes}
    assert [row.theme.name for row in themes.themes] == ["Loss of support", "Advice", "Isolation", "Cost"]
    assert (rows["Loss of support"].count, rows["Loss of support"].percent) == (4, 40)
    assert (rows["Isolation"].count, rows["Isolation"].percent) == (3, 30)
    assert (rows["Advice"].count, rows["Advice"].percent) == (2, 20)
    assert (rows["Cost"].count, rows["Cost"].percent) == (1, 10)
    assert themes.types == [("As a Kent resident", 6), ("Other", 4)]
    by_type = {bar.label: (bar.count, bar.percent) for bar in rows["Loss of support"].by_type}
    assert by_type == {"As a Kent resident": (3, 50), "Other": (1, 25)}
    # The results page's selector carries the same figures, and its CSV rows.
    results = consultation_results(consultation=consultation)
    result = next(r for r in results.questions if r.question.pk == why.pk)
    assert result.themes is not None
    assert result.themes.themes[0].count == 4
    rows_csv = [row for row in results_rows(results=results) if str(row[1]).startswith("Theme:")]
    assert rows_csv[0] == [why.text, "Theme: Loss of support", 4, "40%", 10, 10]
    assert rows_csv[2] == [why.text, "Theme: Loss of support: Isolation", 3, "30%", 10, 10]
    # The export counts the same way: a column per theme, "1" when any coder gave it (or one under it).
    exported = "".join(
        chunk.decode() if isinstance(chunk, bytes) else chunk
        for chunk in export_csv(consultation=consultation, excel=False)
    )
    header, *rows = list(csv.reader(io.StringIO(exported)))
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    for answer, themes in [(answers[0], {"Loss of support", "Advice", "Isolation"}), (answers[7], {"Cost"})]:
        row = by_reference[answer.response.reference]
        marked = {
            h.removeprefix(f"{why.text}: theme: ").split(": ")[-1] for h, v in row.items() if ": theme: " in h and v
        }
        assert marked == themes


def test_suggestions_come_from_words_shared_with_coded_answers(
    consultation: Consultation, why: Question, staff_user_factory: Any
) -> None:
    answers = written(
        consultation,
        [
            ("As a Kent resident", "Without the group I would be lonely and isolated at home"),
            ("As a Kent resident", "Feeling isolated and lonely since my husband died"),
            ("As a Kent resident", "The bus fare costs too much money"),
            ("As a Kent resident", "I am lonely; the group keeps me from being isolated"),
        ],
    )
    coder = staff_user_factory(email="a@example.com", staff_role="commissioner")
    lonely = theme_create(question=why, name="Isolation")
    cost = theme_create(question=why, name="Cost")
    answer_code(answer=answers[0], coder=coder, theme_ids={lonely.pk})
    answer_code(answer=answers[1], coder=coder, theme_ids={lonely.pk})
    answer_code(answer=answers[2], coder=coder, theme_ids={cost.pk})
    suggestions = theme_suggestions(answer=answers[3])
    assert [s.theme.name for s in suggestions] == ["Isolation"]
    assert {"lonely", "isolated"} <= set(suggestions[0].words)
    # Suggested only: nothing was coded for the fourth answer.
    assert not AnswerTheme.objects.filter(answer=answers[3]).exists()


def test_agreement_per_theme_and_overall(consultation: Consultation, why: Question, staff_user_factory: Any) -> None:
    answers = written(consultation, [("As a Kent resident", f"answer {i}") for i in range(5)])
    first = staff_user_factory(email="a@example.com", staff_role="commissioner")
    second = staff_user_factory(email="b@example.com", staff_role="commissioner")
    a = theme_create(question=why, name="A", position=1)
    b = theme_create(question=why, name="B", position=2)
    # Answers 0-3 are coded by both people; answer 4 by the first only, so it is not compared.
    plan_first = [{a.pk}, {a.pk}, {a.pk, b.pk}, set(), set()]
    plan_second = [{a.pk}, {a.pk, b.pk}, {b.pk}, {a.pk}]  # answer 4 coded by one person only
    for answer, themes in zip(answers, plan_first, strict=True):
        answer_code(answer=answer, coder=first, theme_ids=themes)
    for answer, themes in zip(answers, plan_second, strict=False):
        answer_code(answer=answer, coder=second, theme_ids=themes)
    agreement = theme_agreement(question=why)
    assert agreement.answers == 4
    by_name = {row.theme.name: row for row in agreement.themes}
    # A over answers 0-3: first [1,1,1,0], second [1,1,0,1]: observed 0.5; chance 0.75*0.75 + 0.25*0.25 = 0.625.
    assert by_name["A"].kappa == pytest.approx((0.5 - 0.625) / (1 - 0.625))
    assert (by_name["A"].both, by_name["A"].either) == (2, 4)
    # B: first [0,0,1,0], second [0,1,1,0]: observed 0.75; chance 0.25*0.5 + 0.75*0.5 = 0.5 -> 0.5.
    assert by_name["B"].kappa == pytest.approx(0.5)
    # Pooled: 8 decisions, first [1,1,1,0,0,0,1,0], second [1,1,0,1,0,1,1,0]: observed 5/8;
    # first yes 4/8, second yes 5/8: chance 0.5*0.625 + 0.5*0.375 = 0.5 -> 0.25.
    assert agreement.kappa == pytest.approx(0.25)


def test_commissioner_codes_answers_one_at_a_time(
    consultation: Consultation, why: Question, commissioner_client: Client
) -> None:
    answers = written(
        consultation,
        [("As a Kent resident", "I would be lonely"), ("Other", "Too expensive"), ("Other", "Fine by me")],
    )
    lonely = theme_create(question=why, name="Isolation", definition="Feeling alone or cut off")
    theme_create(question=why, name="Cost")
    start = reverse("admin:consultations_question_code", args=[why.pk])
    response = commissioner_client.get(start)
    first_url = reverse("admin:consultations_question_code_answer", args=[why.pk, answers[0].pk]) + "?uncoded=1"
    assert response.status_code == 302
    assert response["Location"] == first_url
    page = commissioner_client.get(first_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "I would be lonely" in html
    assert "Feeling alone or cut off" in html
    assert "Do you use a day service?" in html  # the respondent's other answers
    assert "Code answer 1 of 3" in html
    saved = commissioner_client.post(first_url, {"themes": [str(lonely.pk)], "submit": "Save and next"})
    assert saved.status_code == 302
    assert saved["Location"] == reverse("admin:consultations_question_code_answer", args=[why.pk, answers[1].pk]) + (
        "?uncoded=1"
    )
    assert AnswerTheme.objects.filter(answer=answers[0], theme=lonely).count() == 1
    # Posting the same page again (a double submission) records nothing twice.
    commissioner_client.post(first_url, {"themes": [str(lonely.pk)], "submit": "Save and next"})
    assert AnswerTheme.objects.filter(answer=answers[0]).count() == 1
    # A theme that is not in this codebook is refused with a message.
    bad = commissioner_client.post(first_url, {"themes": ["999999"], "submit": "Save and next"})
    assert bad.status_code == 200
    assert "govuk-error-summary" in bad.content.decode()
    # With "uncoded only" the start page skips what this person has coded.
    assert commissioner_client.get(start)["Location"].startswith(
        reverse("admin:consultations_question_code_answer", args=[why.pk, answers[1].pk])
    )
    actions = set(AuditEvent.objects.filter(object_type="consultations.Answer").values_list("action", flat=True))
    assert actions == {AuditEvent.Action.VIEW, AuditEvent.Action.CHANGE}
    agreement = commissioner_client.get(reverse("admin:consultations_question_agreement", args=[why.pk]))
    assert agreement.status_code == 200
    codebook = commissioner_client.get(reverse("admin:consultations_question_change", args=[why.pk]))
    assert codebook.status_code == 200
    assert "Codebook" in codebook.content.decode()


def test_codebook_in_the_admin_refuses_deeper_nesting(
    consultation: Consultation, why: Question, commissioner_client: Client
) -> None:
    loss = theme_create(question=why, name="Loss of support")
    child = theme_create(question=why, name="Isolation", parent=loss)
    other = theme_create(question=why, name="Other")
    url = reverse("admin:consultations_question_change", args=[why.pk])
    page = commissioner_client.get(url)
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(
        {
            "consultation": why.consultation_id,
            "section": why.section_id,
            "kind": why.kind,
            "themes-TOTAL_FORMS": "3",
            "themes-INITIAL_FORMS": "3",
            # "Loss of support" has a theme under it, so it cannot go under "Other".
            "themes-0-id": loss.pk,
            "themes-0-question": why.pk,
            "themes-0-name": loss.name,
            "themes-0-position": 0,
            "themes-0-parent": other.pk,
            "themes-1-id": child.pk,
            "themes-1-question": why.pk,
            "themes-1-name": child.name,
            "themes-1-position": 0,
            "themes-1-parent": loss.pk,
            "themes-2-id": other.pk,
            "themes-2-question": why.pk,
            "themes-2-name": other.name,
            "themes-2-position": 0,
        }
    )
    for key in ("condition_question", "condition_option", "max_choices"):
        data[key] = ""
    response = commissioner_client.post(url, data)
    assert response.status_code == 200
    assert "This theme has themes under it" in response.content.decode()
    loss.refresh_from_db()
    assert loss.parent is None
    # Only top-level themes of this question are offered as parents.
    choices = list(response.context["inline_admin_formsets"][0].formset.forms[1].fields["parent"].queryset)
    assert set(choices) == {loss, other}


def test_choice_and_equality_questions_have_no_coding_page(
    consultation: Consultation, commissioner_client: Client
) -> None:
    for code in ("agree", "eq-sex"):
        question = consultation.questions.get(code=code)
        assert (
            commissioner_client.get(reverse("admin:consultations_question_code", args=[question.pk])).status_code == 404
        )
    equality_text = consultation.questions.filter(section__is_equality=True, kind__in=Question.TEXT_KINDS).first()
    assert equality_text is not None
    url = reverse("admin:consultations_question_code", args=[equality_text.pk])
    assert commissioner_client.get(url).status_code == 404


def test_only_commissioners_code(
    consultation: Consultation, why: Question, staff_user_factory: Any, staff_login: Any
) -> None:
    written(consultation, [("Other", "Something")])
    provider = staff_login(Client(), staff_user_factory(email="p@example.com", staff_role="provider"))
    response = provider.get(reverse("admin:consultations_question_code", args=[why.pk]))
    assert response.status_code in (302, 403)
    assert not AuditEvent.objects.filter(object_type="consultations.Answer").exists()


def test_the_results_page_shows_theme_percentages(
    consultation: Consultation, why: Question, commissioner_client: Client, staff_user_factory: Any
) -> None:
    answers = written(consultation, [("Other", "lonely"), ("Other", "fine"), ("Other", "lonely too"), ("Other", "ok")])
    coder = staff_user_factory(email="a@example.com", staff_role="commissioner")
    isolation = theme_create(question=why, name="Isolation")
    page = commissioner_client.get(reverse("consultations:results", kwargs={"slug": consultation.slug}))
    assert "Isolation" in page.content.decode()
    answer_code(answer=answers[0], coder=coder, theme_ids={isolation.pk})
    answer_code(answer=answers[2], coder=coder, theme_ids={isolation.pk})
    # The cached results change as soon as answers are coded.
    page = commissioner_client.get(reverse("consultations:results", kwargs={"slug": consultation.slug}))
    html = page.content.decode()
    assert "people who wrote an answer (2 of them coded so far)" in html.replace("\n", " ")
    row = html.split("Isolation</th>", 1)[1].split("</tr>", 1)[0]
    assert ">2</td>" in row
    assert ">50%</td>" in row
