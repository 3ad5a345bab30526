"""Staff admin for consultations, one module per model group. Who may do what is the permission policy's
(accounts/policy.py: commissioners and superusers); every rule lives in the services and selectors."""

from consultations.admin import consultation, questions, responses

__all__ = ["consultation", "questions", "responses"]
