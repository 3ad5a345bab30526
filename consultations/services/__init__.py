"""Writes for consultations, one module per use: authoring, responses, subscriptions, notifications,
retention and coding.

Import from the module itself. The names below are re-exported only for `consultations/admin.py`,
which still calls them as `services.<name>`.
"""

from consultations.services.authoring import questionnaire_add_standard_questions
from consultations.services.coding import answer_code
from consultations.services.responses import ResponseIncomplete, response_key_in

__all__ = [
    "ResponseIncomplete",
    "answer_code",
    "questionnaire_add_standard_questions",
    "response_key_in",
]
