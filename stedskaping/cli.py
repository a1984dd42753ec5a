"""Flask commands: `flask users ...`, `flask seed demo`, `flask mail send`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from stedskaping.db import unit_of_work

users = AppGroup("users", help="Manage user accounts.")
seed = AppGroup("seed", help="Fill the database with example data.")
mail = AppGroup("mail", help="The e-mail outbox.")


@users.command("create-admin")
@click.option("--name", prompt=True, help="The admin's full name.")
@click.option("--email", prompt=True, help="The admin's e-mail address.")
@click.password_option(help="At least 12 characters; asked for when not given.")
def create_admin(name: str, email: str, password: str) -> None:
    """Create a platform admin account, or make an existing account an admin."""
    from stedskaping.accounts import operations as ops

    with unit_of_work():
        user = ops.find_by_email(email)
        if user is None:
            try:
                user = ops.register(ops.Registration(name=name, email=email, password=password))
            except ops.AccountError as error:
                raise click.ClickException(str(error.message)) from error
        user.is_admin = True
    click.echo(f"{user.email} is an admin.")


@seed.command("demo")
def seed_demo() -> None:
    """Add the demo municipality and accounts (safe to run again)."""
    from stedskaping import demo

    with unit_of_work():
        accounts = demo.seed()
    click.echo(f"Demo accounts (password: {demo.PASSWORD}):")
    for role, email in accounts:
        click.echo(f"  {role:<12} {email}")


@mail.command("send")
def send_mail() -> None:
    """Deliver messages still waiting in the outbox."""
    from stedskaping.notifications.operations import deliver_pending

    click.echo(f"{deliver_pending()} message(s) delivered.")


def init_app(app: Flask) -> None:
    for group in (users, seed, mail):
        app.cli.add_command(group)
