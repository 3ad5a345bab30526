"""Writes for consultations, one module per use: authoring, responses, subscriptions, notifications,
retention and coding. Import from the module itself."""
