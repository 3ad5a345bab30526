"""The triage queue in the staff admin, one module per part. Thin: every read is scoped through the permission
policy (`referrals_visible_to`), every write goes through `services`, and every view, change and export is
audited."""

from services.referrals.admin import referral, reviews, staff_membership

__all__ = ["referral", "reviews", "staff_membership"]
