#!/usr/bin/env bash
# Restore a backup written by backup.sh: the database is replaced by the dump, the store
# then holds exactly the backup's files, and the schema is brought to this code's head.
# Stop the web workers and the scheduler first. docs/deploy.md, "Restore".
#
#   deploy/restore.sh /var/backups/stedskaping/20270301T020000Z
set -euo pipefail
src="${1:?usage: restore.sh BACKUP_DIR}"
flask="${FLASK:-flask}"
url="${DATABASE_URL:?DATABASE_URL is not set}"
url="${url/postgresql+psycopg:/postgresql:}"
test -f "$src/database.dump" || { echo "no database.dump in $src" >&2; exit 1; }
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --dbname "$url" "$src/database.dump"
mkdir -p "$src/files"
"$flask" --app stedskaping storage import --replace "$src/files"
"$flask" --app stedskaping db upgrade
"$flask" --app stedskaping page-cache reset  # pages stored since the backup are not served
echo "restored from $src"
