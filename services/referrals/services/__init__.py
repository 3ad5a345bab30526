"""Writes for referrals, by feature: submit, handling (transitions, triage, notes) and retention."""
