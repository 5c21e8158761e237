#!/usr/bin/env bash
# Makes a PostgreSQL database for the Pipeline server's tests, and prints the line that
# points the tests at it:
#
#     eval "$(scripts/postgres-for-tests.sh)"
#     cargo test -p pipeline -p pipeline-client -p pipeline-protocol
#
# Idempotent: installs PostgreSQL (Debian's package) if missing, starts the cluster if it is
# down, and creates the role and database only if they do not exist. It never stops or drops
# anything, since others on the machine may share the cluster. Needs root (or sudo).
# Everything but the final export line goes to standard error.
set -euo pipefail

ROLE="${PIPELINE_TEST_ROLE:-pipeline_test}"
PASSWORD="${PIPELINE_TEST_PASSWORD:-pipeline_test}"
DATABASE="${PIPELINE_TEST_DATABASE:-pipeline_test}"
PORT="${PIPELINE_TEST_PORT:-5432}"

say() { echo "postgres-for-tests: $*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    say "installing PostgreSQL"
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi

# The newest installed version's cluster.
VERSION="$(ls /usr/lib/postgresql | sort -n | tail -1)"
CLUSTER="${PIPELINE_TEST_CLUSTER:-main}"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
    say "creating cluster $VERSION/$CLUSTER"
    as_root pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >&2
fi
if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
    say "starting cluster $VERSION/$CLUSTER"
    as_root pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')"

psql_postgres() {
    as_root runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -qtA "$@"
}

for _ in $(seq 1 30); do
    psql_postgres -c "SELECT 1" >/dev/null 2>&1 && break
    sleep 1
done

if [ "$(psql_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
    say "creating role $ROLE"
    psql_postgres -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >&2
fi
if [ "$(psql_postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
    say "creating database $DATABASE"
    psql_postgres -c "CREATE DATABASE $DATABASE OWNER $ROLE" >&2
fi

URL="postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
# Check the URL works over TCP with a password, as the tests will connect.
PGPASSWORD="$PASSWORD" psql "$URL" -qtA -c "SELECT 1" >/dev/null
say "ready: $URL"
echo "export PIPELINE_TEST_POSTGRES_URL=$URL"
