"""Writes for the service directory, by feature: directory (search index, version), postcodes, csv_import."""
