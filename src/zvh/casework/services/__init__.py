"""Writes of casework: cases, meetings, invitations, minutes, agreements and outcomes.

Every service is keyword-only, runs in one transaction, checks its permission predicate
(``zvh.accounts.permissions``), raises ValidationErrors keyed by domain names, and logs its
change in the access log as its last step.
"""
