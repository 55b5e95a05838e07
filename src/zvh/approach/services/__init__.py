"""Writes of the integrated approach: direction, plan versions, agreements, sharing.

Every service is keyword-only, runs in one transaction, checks its permission predicate
(``zvh.accounts.permissions``), raises ValidationErrors keyed by domain names, and logs its
change in the access log (purpose process direction) as its last step.
"""
