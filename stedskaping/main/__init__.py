"""Public pages that belong to no single domain."""


def register(registry) -> None:
    from stedskaping.main import views

    registry.blueprint(views.bp)
