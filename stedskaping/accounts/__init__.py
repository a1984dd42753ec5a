"""Accounts: registration, sign-in, sessions, passwords and profiles."""
