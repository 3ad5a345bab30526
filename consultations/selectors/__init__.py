"""Reads for consultations, one module per use: access, lists, results, themes, export and coding.

Import from the module itself. The names below are re-exported only for `consultations/admin.py`,
which still reads them as `selectors.<name>`.
"""

from consultations.selectors.access import user_is_commissioner
from consultations.selectors.coding import (
    answer_theme_ids,
    coding_answers,
    coding_first_answer,
    coding_position,
    respondent_other_answers,
    theme_suggestions,
)
from consultations.selectors.export import export_csv, export_filename
from consultations.selectors.themes import codebook, theme_agreement

__all__ = [
    "answer_theme_ids",
    "codebook",
    "coding_answers",
    "coding_first_answer",
    "coding_position",
    "export_csv",
    "export_filename",
    "respondent_other_answers",
    "theme_agreement",
    "theme_suggestions",
    "user_is_commissioner",
]
