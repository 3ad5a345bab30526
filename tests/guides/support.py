"""The carers' information pages the tests expect, by slug."""

KEY_MOMENTS = [
    "first-conversation-with-social-care",
    "life-events",
    "after-a-hospital-stay",
    "when-someone-moves-away",
    "new-diagnosis",
    "at-the-end-of-life",
    "after-your-caring-role-ends",
    "young-carers-moving-to-adult-support",
]
MONEY_AND_BREAKS = [
    "direct-payments",
    "personal-budgets",
    "paying-for-care-yourself",
    "carers-allowance",
    "breaks-and-respite",
]
