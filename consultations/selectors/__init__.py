"""Reads for consultations, one module per use: access, lists, results, themes, export and coding. Import from
the module itself. Who may see what is the permission policy's (accounts/policy.py)."""
