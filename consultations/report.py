"""The consultation report drafted from the data: sections in the council's own form and wording.

`consultation_report` works every figure out once, from the results page's selectors, into
sentences, lists and tables; the HTML page and the Word document only lay those out, so both say
exactly what the results page says, with n and N.
"""

from __future__ import annotations

import io

from django.utils import timezone

from consultations.models import Consultation, Question
from consultations.report_consulted import how_we_consulted, published_tables, what_we_changed
from consultations.report_layout import Part, Report, Section, Table
from consultations.report_layout import bar_table as _bar_table
from consultations.report_layout import count as _count
from consultations.report_layout import day as _day
from consultations.report_layout import illustrative as _illustrative
from consultations.report_layout import listed as _listed
from consultations.selectors.figures import Bar
from consultations.selectors.results import QuestionResult, Results, consultation_results_cached
from consultations.selectors.themes import theme_label

STRONGLY_AGREE = "strongly agree"
STRONGLY_DISAGREE = "strongly disagree"
NO_VIEWS = "No one answered this question."
# A type of respondent is named as agreeing more than consultees overall only when at least this many of them
# expressed a view (the council's reports call any such difference "slightly higher").
BREAKDOWN_MIN_N = 10


def _published(result: QuestionResult) -> list[Part]:
    """The report's own figures beside the demo's, and why they differ; or that none were published."""
    parts = []
    if result.question.published:
        parts.append(Part(text=f"What the council's report published: {result.question.published}"))
    if result.question.illustrative:
        what = "this question's other figures" if result.question.published else "this question's figures"
        parts.append(Part(text=f"Illustrative: the council's report did not publish {what}; they are made up."))
    return parts


def _who_responded(results: Results) -> Section:
    types = results.respondent_types
    parts = []
    if types:
        parts += _illustrative(results.consultation, "respondent_types", "who responded")
        parts.append(
            Part(
                text=_listed([f"{bar.percent}% responded “{bar.label}”" for bar in types])
                + f" (N = {_count(results.total)})."
            )
        )
        parts.append(Part(table=_bar_table(f"Responding as (N = {_count(results.total)})", "Responding as", types)))
    else:
        parts.append(Part(text="There were no responses."))
    return Section("Who responded", parts)


def _strongly(result: QuestionResult, prefix: str) -> Bar | None:
    return next((bar for bar in result.bars if bar.label.lower().startswith(prefix)), None)


def _proposal(result: QuestionResult) -> list[Part]:
    if not result.n:
        return [Part(heading=result.question.text), Part(text=NO_VIEWS)]
    agree, neither, disagree, dont_know = (bar.percent for bar in result.rollups)
    n, total = _count(result.n), _count(result.total)
    parts = [
        Part(heading=result.question.text),
        *_published(result),
        Part(
            text=(
                f"Of {n} consultees expressing a view, {agree}% agreed, {disagree}% disagreed, "
                f"{neither}% neither agreed nor disagreed, and {dont_know}% said they didn't know "
                f"(n = {n}, N = {total})."
            )
        ),
    ]
    against = disagree >= agree
    strong = _strongly(result, STRONGLY_DISAGREE if against else STRONGLY_AGREE)
    if strong is not None:
        feeling = "disagreement" if against else "agreement"
        verb = "strongly disagreeing" if against else "strongly agreeing"
        parts += _illustrative(result.question.consultation, "strength", "the split between strongly and tend to")
        parts.append(Part(text=f"Strength of {feeling}: {strong.percent}% of those expressing a view were {verb}."))
    if result.breakdown:
        parts += _illustrative(result.question.consultation, "breakdowns", "answers by respondent type")
        higher = [
            f"those responding “{row.respondent_type}” ({row.cells[0].percent}%, n = {_count(row.n)})"
            for row in result.breakdown
            if row.n >= BREAKDOWN_MIN_N and row.cells[0].percent > agree
        ]
        rule = (
            f"A type of respondent is named where more of them agreed than consultees overall ({agree}%) "
            f"and at least {BREAKDOWN_MIN_N} of them expressed a view."
        )
        if higher:
            parts.append(Part(text=f"There were slightly higher levels of agreement among {_listed(higher)}. {rule}"))
        else:
            parts.append(Part(text=f"No type of respondent agreed more than consultees overall. {rule}"))
        parts.append(
            Part(
                table=Table(
                    caption="By respondent type: percentage of each type expressing a view",
                    header=["Responding as", "n", *[cell.label for cell in result.breakdown[0].cells]],
                    rows=[
                        [row.respondent_type, _count(row.n), *[f"{cell.percent}%" for cell in row.cells]]
                        for row in result.breakdown
                    ],
                )
            )
        )
    return parts


def _choice(result: QuestionResult, *, verb: str = "expressing a view", said: str = "said") -> list[Part]:
    n, total = _count(result.n), _count(result.total)
    chosen = [bar for bar in result.bars if bar.count]
    # "81% said “Large effect”, 12% “Moderate effect”…"
    answers = [f"{bar.percent}% {said + ' ' if number == 0 else ''}“{bar.label}”" for number, bar in enumerate(chosen)]
    parts = [Part(heading=result.question.text), *_published(result)]
    if not answers:
        return [*parts, Part(text=NO_VIEWS)]
    parts.append(Part(text=f"Of {n} consultees {verb}, {_listed(answers)} (n = {n}, N = {total})."))
    if result.is_multiple:
        parts.append(Part(text="People could choose more than one answer, so percentages add up to more than 100%."))
    parts.append(Part(table=_bar_table(f"{result.question.text} (n = {n}, N = {total})", "Answer", result.bars)))
    return parts


def _written(result: QuestionResult) -> list[Part]:
    parts = [Part(heading=result.question.text), *_published(result)]
    themes = result.themes
    if themes is None or not themes.themes:
        parts.append(
            Part(text=f"{_count(result.n)} consultees wrote an answer. Their answers have not been coded into themes.")
        )
        return parts
    parts.append(
        Part(
            text=(
                f"{_count(themes.n)} consultees wrote an answer (n = {_count(themes.n)}, N = {_count(result.total)}); "
                f"{_count(themes.coded)} of them have been coded. The most common themes were:"
            )
        )
    )
    raised = sorted((row for row in themes.themes if row.count), key=lambda row: (-row.count, row.theme.name))
    # As the reports write them: "Theme (21% of those responding)", then "Theme (18%)".
    parts.append(
        Part(
            bullets=[
                f"{theme_label(row.theme, row.level)} ({row.percent}%{' of those responding' if number == 0 else ''})"
                for number, row in enumerate(raised)
            ]
            or ["No theme has been coded yet."]
        )
    )
    parts.append(
        Part(
            table=Table(
                caption=f"Themes raised (n = {_count(themes.n)} who wrote an answer)",
                header=["Theme", "Number", "Percentage", *[f"{t} (n = {_count(tn)})" for t, tn in themes.types]],
                rows=[
                    [
                        theme_label(row.theme, row.level),
                        _count(row.count),
                        f"{row.percent}%",
                        *[f"{cell.percent}%" for cell in row.by_type],
                    ]
                    for row in themes.themes
                ],
            )
        )
    )
    return parts


def consultation_report(*, consultation: Consultation) -> Report:
    """The drafted report: every figure from `consultation_results_cached`, the results page's own selector."""
    results = consultation_results_cached(consultation=consultation, include_equality=True)
    sections = [
        Section(
            "About these figures",
            [
                Part(
                    text=(
                        "Percentages are of the consultees who expressed a view on each question (n), out of all "
                        "responses (N). “Agreed” means strongly agreed or tended to agree; “disagreed” means strongly "
                        "disagreed or tended to disagree. Percentages are rounded, so they may not add up to 100%."
                    )
                ),
                Part(
                    text=(
                        "Council staff read the written answers and coded each into themes from a list for its "
                        "question. Themes are a percentage of those who wrote an answer; one answer can raise several "
                        "themes, so a question's themes can add up to more than 100%."
                    )
                ),
            ],
        ),
        how_we_consulted(results),
        _who_responded(results),
    ]
    proposals: list[Part] = []
    effects: list[Part] = []
    others: list[Part] = []
    written: list[Part] = []
    for result in results.questions:
        question = result.question
        if question.code == "capacity":
            continue  # reported under "Who responded"
        if not result.n:
            continue  # not asked, or nobody answered: left out rather than listed as "No one answered"
        if result.is_text:
            if question.kind in Question.TEXT_KINDS:
                written.extend(_written(result))
        elif result.rollups:
            proposals.extend(_proposal(result))
        elif question.kind == Question.Kind.EFFECT:
            effects.extend(_choice(result))
        else:
            others.extend(_choice(result, verb="answering", said="chose"))
    if proposals:
        sections.append(Section("Views on the proposals", proposals))
    if effects:
        sections.append(Section("The effect of the proposals", effects))
    if others:
        sections.append(Section("Other questions", others))
    if written:
        sections.append(Section("What people told us in their own words", written))
    tables = published_tables(consultation)
    if tables is not None:
        sections.append(tables)
    equality: list[Part] = []
    for result in results.equality:
        if result.n and not result.is_text:
            equality.extend(_choice(result, verb="answering", said="chose"))
    if equality:
        sections.append(
            Section(
                "Equality monitoring",
                [
                    Part(
                        text="Answering these questions was optional. They follow the Equality Act 2010's "
                        "protected characteristics and the 2021 Census."
                    ),
                    *_illustrative(consultation, "equality", "these equality figures"),
                    *equality,
                ],
            )
        )
    changed = what_we_changed(consultation)
    if changed is not None:
        sections.append(changed)
    return Report(consultation=consultation, title=f"{consultation.title}: consultation report", sections=sections)


def report_docx(*, report: Report) -> bytes:
    """The report as a Word document commissioners can edit: the same parts, laid out by python-docx."""
    from docx import Document

    document = Document()
    document.core_properties.title = report.title
    # Styles looked up once: python-docx finds a style by name with a search each time.
    caption, bullet, grid_style = (document.styles[name] for name in ("Caption", "List Bullet", "Table Grid"))
    document.add_heading(report.title, level=0)
    document.add_paragraph(f"Drafted from the consultation's data on {_day(timezone.now())}.")
    for section in report.sections:
        document.add_heading(section.title, level=1)
        for part in section.parts:
            if part.heading:
                document.add_heading(part.heading, level=2)
            if part.text:
                document.add_paragraph(part.text)
            for item in part.bullets:
                document.add_paragraph(item, style=bullet)
            if part.table is not None:
                table = part.table
                document.add_paragraph(table.caption, style=caption)
                # Every row made at once: adding rows one by one re-sets each column's width every time.
                grid = document.add_table(rows=len(table.rows) + 1, cols=len(table.header))
                grid.style = grid_style
                for number, (row, values) in enumerate(zip(grid.rows, [table.header, *table.rows], strict=True)):
                    for cell, text in zip(row.cells, values, strict=True):
                        run = cell.paragraphs[0].add_run(text)
                        if number == 0:
                            run.bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
