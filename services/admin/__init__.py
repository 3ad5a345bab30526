"""Staff keep the directory here: one module per model group. Who may do what is the permission policy's."""

from services.admin import directory, listing

__all__ = ["directory", "listing"]
