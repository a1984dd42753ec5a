"""Municipalities and the facilitators who act for them."""


def register(registry) -> None:
    from stedskaping.municipalities import jobs, views

    registry.blueprint(views.bp)
    registry.blueprint(views.invitations)
    jobs.register(registry)
