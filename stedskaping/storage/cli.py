"""`flask storage export DIR` and `flask storage import DIR`: every file of the app's
store copied to a folder and back, whichever store is configured (deploy/backup.sh)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from stedskaping.storage import Storage, storage

group = AppGroup("storage", help="Copy the stored files to a folder and back (backups).")


def copy_all(source: Storage, target: Storage, prefix: str = "") -> int:
    """Copy every file under ``prefix`` from ``source`` to ``target``, streamed one by
    one; returns how many. Files already in ``target`` are replaced."""
    count = 0
    for key in source.keys(prefix):
        with source.open(key) as stream:
            target.save(key, stream)
        count += 1
    return count


def _folder(path: str) -> Storage:
    from stedskaping.storage.local import LocalStorage

    return LocalStorage(path)


@group.command("export")
@click.argument("folder", type=click.Path(file_okay=False))
def export(folder: str) -> None:
    """Copy every stored file into FOLDER (made if missing), under its key."""
    count = copy_all(storage(), _folder(folder))
    click.echo(f"{count} files copied to {folder}")


@group.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--replace", is_flag=True,
              help="First delete every stored file that FOLDER does not hold.")
def import_(folder: str, replace: bool) -> None:
    """Copy every file in FOLDER (as written by `export`) into the store."""
    source, target = _folder(folder), storage()
    if replace:
        keep = set(source.keys(prefix=""))
        for key in [k for k in target.keys(prefix="") if k not in keep]:
            target.delete(key)
    count = copy_all(source, target)
    click.echo(f"{count} files copied from {folder}")

