"""Notifications: the mail outbox, in-app notices and the transports that deliver them."""


def register(registry) -> None:
    from stedskaping.notifications import jobs, views

    registry.blueprint(views.bp)
    jobs.register(registry)
