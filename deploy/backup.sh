#!/usr/bin/env bash
# A backup: the database (pg_dump, custom format) and every stored file, into
# BACKUP_ROOT/<UTC time>/ as database.dump and files/. docs/deploy.md, "Backups".
#
#   deploy/backup.sh /var/backups/stedskaping
#
# Reads the app's own settings from the environment (DATABASE_URL and the STEDSKAPING_*
# of /etc/stedskaping/env); FLASK names the virtualenv's flask when it is not on PATH.
set -euo pipefail
root="${1:?usage: backup.sh BACKUP_ROOT}"
flask="${FLASK:-flask}"
url="${DATABASE_URL:?DATABASE_URL is not set}"
url="${url/postgresql+psycopg:/postgresql:}"  # libpq takes no driver name
dest="$root/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dest"
# The database first: files are only ever added under new random keys, so every file
# the dump names is already stored (a replaced one that is deleted meanwhile is kept
# by the bucket's versioning).
pg_dump --format=custom --no-owner --no-privileges --file "$dest/database.dump" "$url"
"$flask" --app stedskaping storage export "$dest/files"
echo "backup written to $dest"
