"""Accounts: registration with confirmed addresses, sign-in, sessions and settings."""


def register(registry) -> None:
    from stedskaping.accounts import jobs, views

    registry.blueprint(views.bp)
    jobs.register(registry)
