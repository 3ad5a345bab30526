"""The Open Referral UK (HSDS 3.0 UK profile) API: public, read-only JSON under /api/v1/.

`parameters` parses the query, `serialisers` write the ORUK records and `views` answer the requests.
"""
