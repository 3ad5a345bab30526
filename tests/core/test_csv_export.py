from __future__ import annotations

import pytest

from carers_portal.core.csv_export import csv_rows, csv_safe, csv_unescape


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+44 1234", "'+44 1234"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("  =1+1", "'  =1+1"),
        ("\tx", "'\tx"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        (None, ""),
        (42, "42"),
    ],
)
def test_cells_that_could_run_as_formulas_are_escaped(value: object, expected: str) -> None:
    assert csv_safe(value) == expected


def test_csv_for_excel_has_a_bom_crlf_and_quotes_every_field() -> None:
    text = "".join(csv_rows([["Reference", "Answer"], ["KCP-1", "=HYPERLINK()"]], excel=True))

    assert text == '\ufeff"Reference","Answer"\r\n"KCP-1","\'=HYPERLINK()"\r\n'


def test_plain_csv_has_no_bom_and_lf_line_ends() -> None:
    text = "".join(csv_rows([["a", "b,c"]], excel=False))

    assert text == 'a,"b,c"\n'


@pytest.mark.parametrize(
    "value",
    ["=SUM(A1:A2)", "+44 1234", "-1", "@cmd", "  =1+1", "\tx", "'=already quoted", "''-x", "' =x", "'plain", "'", ""],
)
def test_unescaping_an_escaped_cell_gives_back_exactly_the_original(value: str) -> None:
    assert csv_unescape(csv_safe(value)) == value


def test_quotes_that_do_not_guard_a_formula_are_left_alone() -> None:
    assert csv_safe("'plain") == "'plain"
    assert csv_unescape("'plain") == "'plain"
    assert csv_unescape("Don't") == "Don't"
