#!/usr/bin/env bash
# Benchmarks the Pipeline server on SQLite and PostgreSQL, side by side (not a test).
#
#     scripts/bench-pipeline.sh [COUNT ...]        # default: 50000
#
# Each database is measured with the server's rate limits on (its defaults) and off
# (`--no-rate-limits`), side by side in one run.
#
# For each COUNT it seeds a fresh directory of COUNT synthetic listings (`pipeline admin
# seed`) on SQLite and on PostgreSQL, serves each with the release build on loopback, and
# measures with wrk: searches alone (4 connections), the mixed read load at a held rate of
# about 1,000 requests a second (25 connections, 20 ms between each one's requests), and the
# mixed load flat out (32 connections). PostgreSQL is a cluster of the benchmark's own
# (15/pipeline_bench, port 5433; see below), left running afterwards. Needs wrk (`apt-get
# install wrk`), python3, root (for scripts/postgres-for-tests.sh and the cluster's settings),
# and about 3 GB of disk. Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNTS=("${@:-50000}")
DURATION="${BENCH_SECONDS:-20}"
BIN="${CARGO_TARGET_DIR:-target}/release/pipeline"
WORK="${BENCH_DIR:-$(mktemp -d /tmp/pipeline-bench.XXXXXX)}"
mkdir -p "$WORK"

cargo build --release -q -p pipeline

# PostgreSQL runs as docs/deploying.md advises for the server: shared buffers that hold the
# whole directory (reloaded after a restart by pg_prewarm), no JIT compilation, and random
# reads priced as the memory reads they are. (At 50,000 listings they measured the same as
# the stock settings; see docs/performance.md.) The benchmark has a cluster of its own
# (15/pipeline_bench, port 5433), so that the cluster the tests share keeps its settings and
# is never restarted. BENCH_PG_TUNED=0 puts the benchmark's cluster back on PostgreSQL's
# stock settings, to compare; BENCH_PG_CLUSTER=main BENCH_PG_PORT=5432 BENCH_PG_TUNED=0
# measures the shared cluster as it is.
PG_CLUSTER="${BENCH_PG_CLUSTER:-pipeline_bench}"
PIPELINE_TEST_CLUSTER="$PG_CLUSTER" PIPELINE_TEST_PORT="${BENCH_PG_PORT:-5433}" scripts/postgres-for-tests.sh >"$WORK/postgres-url"
eval "$(cat "$WORK/postgres-url")"
PG_VERSION="$(ls /usr/lib/postgresql | sort -n | tail -1)"
conf="/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/pipeline.conf"
if [ "${BENCH_PG_TUNED:-1}" = 1 ]; then
    wanted="# The Pipeline server's settings (scripts/bench-pipeline.sh; docs/deploying.md).
shared_buffers = 1GB
random_page_cost = 1.1
jit = off
shared_preload_libraries = 'pg_prewarm'"
elif [ "$PG_CLUSTER" != main ]; then
    # BENCH_PG_TUNED=0 on the benchmark's own cluster: PostgreSQL's stock settings, to compare.
    wanted="# Stock settings (scripts/bench-pipeline.sh with BENCH_PG_TUNED=0)."
fi
if [ "$PG_CLUSTER" = main ]; then
    wanted="" # the shared cluster's settings are never changed, nor is it restarted
fi
if [ -n "${wanted:-}" ] && [ "$(cat "$conf" 2>/dev/null)" != "$wanted" ]; then
    echo "$wanted" >"$conf"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
fi
PG_BASE="${PIPELINE_TEST_POSTGRES_URL%/*}"
PG_ROLE="$(echo "$PIPELINE_TEST_POSTGRES_URL" | sed -E 's#postgres://([^:]+):.*#\1#')"
PG_PORT="$(echo "$PIPELINE_TEST_POSTGRES_URL" | sed -E 's#.*:([0-9]+)/[^/]*$#\1#')"
pg() { runuser -u postgres -- psql -p "$PG_PORT" -qtA "$@"; }
echo "postgres: $PG_VERSION/$PG_CLUSTER on port $PG_PORT; $(pg -c "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'effective_cache_size', 'random_page_cost', 'jit', 'work_mem', 'max_connections')")"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $(uname -sr); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: $DURATION s a run; work folder: $WORK"

SERVER=""
stop_server() {
    if [ -n "$SERVER" ]; then
        kill -TERM "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
        SERVER=""
    fi
}
trap stop_server EXIT

run() { # name db port [serve flags...]
    local name="$1" db="$2" port="$3"
    shift 3
    RUST_LOG=warn "$BIN" --db "$db" serve --listen "127.0.0.1:$port" "$@" 2>"$WORK/${name//\//-}.log" &
    SERVER=$!
    # (Up to two minutes: a directory seeded by older code is migrated first.)
    for _ in $(seq 1 1200); do
        curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
        sleep 0.1
    done
    python3 crates/pipeline/bench/paths.py "http://127.0.0.1:$port" "$WORK" 2>/dev/null
    local url="http://127.0.0.1:$port"
    # Warm the caches once, as a server in use would be.
    PATHS="$WORK/mixed.txt" wrk -t2 -c8 -d5s -s crates/pipeline/bench/replay.lua "$url" >/dev/null
    printf '%-44s %s\n' "$name search c=4" "$(PATHS="$WORK/search.txt" wrk -t1 -c4 -d"${DURATION}s" -s crates/pipeline/bench/replay.lua "$url" | tail -1)"
    printf '%-44s %s\n' "$name mixed ~1000/s c=25" "$(PATHS="$WORK/mixed.txt" DELAY_MS=20 wrk -t1 -c25 -d"${DURATION}s" -s crates/pipeline/bench/replay.lua "$url" | tail -1)"
    printf '%-44s %s\n' "$name mixed flat out c=32" "$(PATHS="$WORK/mixed.txt" wrk -t2 -c32 -d"${DURATION}s" -s crates/pipeline/bench/replay.lua "$url" | tail -1)"
    stop_server
}

for COUNT in "${COUNTS[@]}"; do
    echo "== $COUNT listings"
    SQLITE="$WORK/bench-$COUNT.sqlite3"
    DB="pipeline_bench_$COUNT"
    PG="$PG_BASE/$DB"
    # BENCH_REUSE=1 keeps directories seeded by an earlier run in the same BENCH_DIR and
    # cluster (the seed is deterministic); either side missing is seeded afresh.
    if [ "${BENCH_REUSE:-0}" != 1 ] || [ ! -f "$SQLITE" ]; then
        rm -f "$SQLITE" "$SQLITE-wal" "$SQLITE-shm"
        /usr/bin/time -f "sqlite seed: %e s, %M KB peak" "$BIN" --db "$SQLITE" admin seed --count "$COUNT" 2>&1 | grep -v '^Seeded'
    fi
    if [ "${BENCH_REUSE:-0}" != 1 ] || [ "$(pg -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
        pg -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB OWNER $PG_ROLE" >/dev/null 2>&1
        # Seeding is setup, not what is measured: it skips waiting for each commit to reach the disk.
        /usr/bin/time -f "postgres seed: %e s, %M KB peak" "$BIN" --db "$PG?options=-c%20synchronous_commit%3Doff" admin seed --count "$COUNT" 2>&1 | grep -v '^Seeded'
    fi
    # What autovacuum does in time: statistics for the planner, and the visibility map that
    # lets index-only scans skip the table.
    pg -d "$DB" -c "VACUUM ANALYZE" >/dev/null
    if [ "${BENCH_PG_TUNED:-1}" = 1 ]; then
        # Read the whole directory into shared buffers, as a server in use would have it
        # (pg_prewarm's autoprewarm does the same after a restart).
        pg -d "$DB" -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
            -c "SELECT 'prewarmed ' || sum(pg_prewarm(oid)) || ' pages' FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i')"
    fi
    echo "sqlite file: $(du -h "$SQLITE" | cut -f1)"
    echo "postgres database: $(pg -c "SELECT pg_size_pretty(pg_database_size('$DB'))")"
    echo "load before measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
    # BENCH_ONLY=sqlite or BENCH_ONLY=postgres measures one side only.
    # Each side twice, with the rate limits (the defaults) and without (--no-rate-limits);
    # BENCH_LIMITS=on or BENCH_LIMITS=off measures one way only.
    for limits in on off; do
        if [ "${BENCH_LIMITS:-$limits}" != "$limits" ]; then continue; fi
        flags=()
        if [ "$limits" = off ]; then flags=(--no-rate-limits); fi
        if [ "${BENCH_ONLY:-sqlite}" = sqlite ]; then run "sqlite/$COUNT limits $limits" "$SQLITE" 18181 "${flags[@]}"; fi
        if [ "${BENCH_ONLY:-postgres}" = postgres ]; then run "postgres/$COUNT limits $limits" "$PG" 18182 "${flags[@]}"; fi
    done
done
