"""Public pages that belong to no single domain, and the platform's own sweeps."""


def register(registry) -> None:
    from stedskaping import jobs
    from stedskaping.main import views

    registry.blueprint(views.bp)
    for job in jobs.JOBS.values():
        registry.job(job.name, job.run, job.trigger, job.description)
