"""Reads for the service directory, by feature: directory (caches, categories), postcodes, eligibility,
service_lookups, search and search_page."""
