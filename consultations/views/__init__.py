"""Consultation pages, by feature: access (staff checks), public, responding, results and subscriptions."""
