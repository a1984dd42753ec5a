"""Notifications: the mail outbox and the transports that deliver it."""
