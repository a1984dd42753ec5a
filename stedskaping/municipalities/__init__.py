"""Municipalities and the facilitators who act for them."""
