"""Screening and deciding: criteria answers, information requests, decisions, the workflow."""
