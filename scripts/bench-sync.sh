#!/usr/bin/env bash
# Benchmarks sync between councils through the Pipeline server, on SQLite and PostgreSQL
# (not a test; docs/performance.md, "Sync between councils", gives the figures).
#
#     scripts/bench-sync.sh [OPS ...]        # default: 1000 10000
#
# For each OPS it makes a workspace whose change log holds exactly OPS operations
# (`accord-fixture --decisions N`, imported: one operation a record), and for each database
# (a fresh one every time) it serves the release build of `pipeline serve` on loopback and
# times the release build of `accord`, process start included, as two councils use it:
#
#   exec        `accord --version`: starting the process, the floor under every other time
#   start       Adur shares the workspace (`accord sync FILE start`: sends the whole log)
#   clone       Worthing, admitted as a partner, clones it (`accord clone --project ID`)
#   write       Adur edits one agreement section (`accord agreement FILE write`; no network)
#   send        Adur syncs that one change (`accord sync FILE`)
#   receive     Worthing syncs and receives it
#   idle-lead   Adur syncs with nothing to do
#   idle-clone  Worthing syncs with nothing to do
#   dec-send    Adur adds one decision and syncs it (the sync timed)
#   dec-receive Worthing receives it
#
# After the clones it checks that both councils export the same JSON (BENCH_VERIFY=0 skips).
# start and clone run BENCH_START_REPS times (3), each against a fresh server database; the
# others BENCH_REPS times (9) on the last of them, after one untimed round. Bytes on the wire
# are counted by a small proxy (scripts/bench-sync-proxy.py) that sits between accord and the
# server for separate, untimed runs of the same steps (BENCH_BYTE_REPS, 3): TCP payload each
# way, that is HTTP headers and bodies. The timed runs go straight to the server.
#
# Results: a table of median (min to max) in ms, and every sample in $BENCH_DIR/samples.tsv.
# BENCH_ONLY=sqlite or BENCH_ONLY=postgres measures one side only. PostgreSQL is the cluster
# the tests share (scripts/postgres-for-tests.sh; nothing is restarted or reconfigured), in
# a database of the benchmark's own (accord_sync_bench, dropped and made afresh each time).
# Needs python3 and root (for scripts/postgres-for-tests.sh). Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

# (100000 works too, but `sync start` and `clone` grow with the square of the decisions
# today: minutes each at 10,000 operations, hours at 100,000; see docs/performance.md.)
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi
REPS="${BENCH_REPS:-9}"
START_REPS="${BENCH_START_REPS:-3}"
BYTE_REPS="${BENCH_BYTE_REPS:-3}"
TARGET="${CARGO_TARGET_DIR:-target}"
ACCORD="$TARGET/release/accord"
PIPELINE="$TARGET/release/pipeline"
FIXTURE="$TARGET/release/accord-fixture"
WORK="${BENCH_DIR:-$(mktemp -d /tmp/sync-bench.XXXXXX)}"
mkdir -p "$WORK"
SAMPLES="$WORK/samples.tsv"
: >"$SAMPLES"
# Loopback never goes through a proxy, whatever the environment says.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset ACCORD_AS ACCORD_PIPELINE_TOKEN ACCORD_CLOCK_OFFSET_SECONDS

cargo build --release -q -p accord-cli -p pipeline -p accord-fixtures

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $(uname -sr); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD); work folder: $WORK"

if [ "${BENCH_ONLY:-postgres}" = postgres ]; then
    eval "$(scripts/postgres-for-tests.sh 2>/dev/null)"
    PG_BASE="${PIPELINE_TEST_POSTGRES_URL%/*}"
    PG_ROLE="$(echo "$PIPELINE_TEST_POSTGRES_URL" | sed -E 's#postgres://([^:]+):.*#\1#')"
    PG_PORT="$(echo "$PIPELINE_TEST_POSTGRES_URL" | sed -E 's#.*:([0-9]+)/[^/]*$#\1#')"
    pg() { PGOPTIONS="--client-min-messages=warning" runuser -u postgres -- psql -p "$PG_PORT" -qtA "$@"; }
    echo "postgres: $(pg -c "SELECT version()" | cut -d' ' -f1-2), port $PG_PORT"
fi

fail() {
    echo "bench-sync: $*" >&2
    exit 1
}

SERVER=""
PROXY=""
stop() {
    for p in "$PROXY" "$SERVER"; do
        if [ -n "$p" ]; then
            kill -TERM "$p" 2>/dev/null || true
            wait "$p" 2>/dev/null || true
        fi
    done
    SERVER=""
    PROXY=""
}
trap stop EXIT

# Waits up to a minute for a file to have a line matching a pattern.
wait_for() { # file pattern
    for _ in $(seq 1 600); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "timed out waiting for '$2' in $1"
}

# The CPU time (user + system, in microseconds) of every child this shell has waited for,
# read with the `times` builtin (no process is forked to read it).
children_cpu() {
    times >"$WORK/times"
    local u s
    { read -r _ _ && read -r u s; } <"$WORK/times"
    CPU=0
    for t in "$u" "$s"; do # 0m1.234s
        local m="${t%%m*}" sec="${t#*m}"
        sec="${sec%s}"
        CPU=$((CPU + 10#$m * 60000000 + 10#${sec%.*} * 1000000 + 10#${sec#*.} * 1000))
    done
}

# Runs a command, recording its wall time (process start to exit) in microseconds as a
# sample of METRIC, and the CPU time it used (the process, not the server) as METRIC-cpu;
# its output goes to $WORK/out and $WORK/err.
timed() { # metric command...
    local metric="$1"
    shift
    children_cpu
    local c0=$CPU
    local t0=$EPOCHREALTIME
    "$@" >"$WORK/out" 2>"$WORK/err" || {
        cat "$WORK/out" "$WORK/err" >&2
        fail "failed: $*"
    }
    local t1=$EPOCHREALTIME
    children_cpu
    printf '%s\t%s\t%s\t%s\n' "$BACKEND" "$OPS" "$metric" "$((${t1/./} - ${t0/./}))" >>"$SAMPLES"
    printf '%s\t%s\t%s\t%s\n' "$BACKEND" "$OPS" "$metric-cpu" "$((CPU - c0))" >>"$SAMPLES"
}

# A field of the JSON in $WORK/out.
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/out" "$1"; }

expect() { # field value
    local got
    got="$(field "$1")"
    [ "$got" = "$2" ] || fail "expected $1 = $2, got $got: $(cat "$WORK/out")"
}

# The two councils, each with its own settings folder.
adur() { ACCORD_CONFIG_DIR="$WORK/adur" "$ACCORD" "$@"; }
worthing() { ACCORD_CONFIG_DIR="$WORK/worthing" "$ACCORD" "$@"; }

# The byte counts of the proxy since they were last taken, as a sample of METRIC-bytes.
take_bytes() { # metric
    local answer
    answer="$(python3 - "$CONTROL_PORT" <<'EOF'
import json, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"take\n")
t = json.loads(s.makefile().readline())
print(t["up"] + t["down"], t["up"], t["down"], t["connections"])
EOF
)"
    read -r total up down conns <<<"$answer"
    printf '%s\t%s\t%s\t%s\n' "$BACKEND" "$OPS" "$1-bytes" "$total" >>"$SAMPLES"
    printf '%s\t%s\t%s\t%s\n' "$BACKEND" "$OPS" "$1-bytes-up" "$up" >>"$SAMPLES"
    printf '%s\t%s\t%s\t%s\n' "$BACKEND" "$OPS" "$1-bytes-down" "$down" >>"$SAMPLES"
    printf '%s\t%s\t%s\t%s\n' "$BACKEND" "$OPS" "$1-connections" "$conns" >>"$SAMPLES"
}

# A fresh server: a new database with two councils' accounts, served on a free port.
fresh_server() {
    stop
    local db
    if [ "$BACKEND" = sqlite ]; then
        db="$WORK/server.sqlite3"
        rm -f "$db" "$db-wal" "$db-shm"
    else
        pg -c "DROP DATABASE IF EXISTS accord_sync_bench WITH (FORCE)" -c "CREATE DATABASE accord_sync_bench OWNER $PG_ROLE" >/dev/null
        db="$PG_BASE/accord_sync_bench"
    fi
    account() { # name gss user
        local org user token
        org="$("$PIPELINE" --db "$db" admin create-org --name "$1" --kind district --gss-code "$2" | cut -f1)"
        user="$("$PIPELINE" --db "$db" admin create-user --org "$org" --name "$3" --email "officer@example.gov.uk" | cut -f1)"
        token="$("$PIPELINE" --db "$db" admin create-token --user "$user" --label bench 2>/dev/null)"
        echo "$org $token"
    }
    read -r ADUR_ORG ADUR_TOKEN <<<"$(account "Adur District Council" E07000223 "Sam Lee")"
    read -r WORTHING_ORG WORTHING_TOKEN <<<"$(account "Worthing Borough Council" E07000229 "Jo Bloggs")"
    RUST_LOG=warn,pipeline=info "$PIPELINE" --db "$db" serve --listen 127.0.0.1:0 2>"$WORK/server.log" &
    SERVER=$!
    wait_for "$WORK/server.log" "pipeline listening"
    URL="http://$(grep -o 'address=127.0.0.1:[0-9]*' "$WORK/server.log" | head -1 | cut -d= -f2)"
    rm -rf "$WORK/adur" "$WORK/worthing"
    adur me set --name "Sam Lee" --organisation "Adur District Council" >/dev/null
    worthing me set --name "Jo Bloggs" --organisation "Worthing Borough Council" >/dev/null
    echo "$ADUR_TOKEN" | adur server set "$URL" --token-stdin >/dev/null
    echo "$WORTHING_TOKEN" | worthing server set "$URL" --token-stdin >/dev/null
    python3 scripts/bench-sync-proxy.py "${URL##*:}" "$WORK/proxy.ports" &
    PROXY=$!
    wait_for "$WORK/proxy.ports" " "
    read -r PROXY_PORT CONTROL_PORT <"$WORK/proxy.ports"
    rm -f "$WORK/proxy.ports"
    PROXY_URL="http://127.0.0.1:$PROXY_PORT"
}

# One section write and its sync there and back; timed as METRIC-... unless METRIC is "".
one_change() { # n metric-prefix(write/send/receive) [via-proxy]
    local text
    text="$(printf 'Purpose, revision %06d: one route for missed-bin reports, shared by both councils.\n' "$1")"
    if [ -z "$2" ]; then
        adur agreement "$A" write purpose --text "$text" >/dev/null
        adur sync "$A" --json >"$WORK/out"
        expect sent 1
        worthing sync "$B" --json >"$WORK/out"
        expect received 1
        return
    fi
    timed write adur agreement "$A" write purpose --text "$text"
    timed send adur sync "$A" --json
    expect sent 1
    expect received 0
    timed receive worthing sync "$B" --json
    expect received 1
    timed idle-lead adur sync "$A" --json
    expect sent 0
    expect received 0
    timed idle-clone worthing sync "$B" --json
    expect received 0
}

# The same through the counting proxy, untimed.
one_change_bytes() { # n
    local text
    text="$(printf 'Purpose, revision %06d: one route for missed-bin reports, shared by both councils.\n' "$1")"
    adur agreement "$A" write purpose --text "$text" >/dev/null
    take_bytes discard
    ACCORD_PIPELINE_TOKEN="$ADUR_TOKEN" adur sync "$A" --json --server "$PROXY_URL" >"$WORK/out"
    expect sent 1
    take_bytes send
    ACCORD_PIPELINE_TOKEN="$WORTHING_TOKEN" worthing sync "$B" --json --server "$PROXY_URL" >"$WORK/out"
    expect received 1
    take_bytes receive
    ACCORD_PIPELINE_TOKEN="$ADUR_TOKEN" adur sync "$A" --json --server "$PROXY_URL" >"$WORK/out"
    expect sent 0
    take_bytes idle-lead
    ACCORD_PIPELINE_TOKEN="$WORTHING_TOKEN" worthing sync "$B" --json --server "$PROXY_URL" >"$WORK/out"
    take_bytes idle-clone
}

one_decision() { # n
    adur decision "$A" add --title "$(printf 'Benchmark decision %06d: route reports by postcode' "$1")" >/dev/null
    timed dec-send adur sync "$A" --json
    expect sent 1
    timed dec-receive worthing sync "$B" --json
    expect received 1
}

# The template workspaces: exactly OPS operations in the log, never shared.
BASE=""
template() { # ops -> $WORK/template-OPS.accord
    local t="$WORK/template-$1.accord"
    if [ -z "$BASE" ]; then
        rm -f "$WORK/t0.accord"
        "$FIXTURE" --decisions 0 >"$WORK/t0.json"
        adur_me_free import "$WORK/t0.accord" "$WORK/t0.json"
        BASE="$(ACCORD_CONFIG_DIR="$WORK/fixture" "$ACCORD" sync "$WORK/t0.accord" status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["unsent"])')"
    fi
    if [ ! -f "$t" ]; then
        [ "$1" -ge "$BASE" ] || fail "the smallest workspace holds $BASE operations"
        "$FIXTURE" --decisions "$(($1 - BASE))" >"$WORK/template.json"
        adur_me_free import "$t" "$WORK/template.json"
        rm -f "$WORK/template.json"
    fi
    local ops
    ops="$(ACCORD_CONFIG_DIR="$WORK/fixture" "$ACCORD" sync "$t" status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["unsent"])')"
    [ "$ops" = "$1" ] || fail "$t holds $ops operations, not $1"
    echo "workspace of $1 operations ($(($1 - BASE)) decisions): $(du -h "$t" | cut -f1)"
}
adur_me_free() { # accord args, as the person who made the fixture
    mkdir -p "$WORK/fixture"
    ACCORD_CONFIG_DIR="$WORK/fixture" "$ACCORD" me set --name "Siân Jones" --organisation "Adur District Council" >/dev/null
    ACCORD_CONFIG_DIR="$WORK/fixture" "$ACCORD" "$@" >/dev/null
}

for OPS in "${SIZES[@]}"; do
    BACKEND=setup
    template "$OPS"
    for BACKEND in sqlite postgres; do
        if [ "${BENCH_ONLY:-$BACKEND}" != "$BACKEND" ]; then continue; fi
        echo "== $BACKEND, $OPS operations (load: $(cut -d' ' -f1-3 /proc/loadavg))"
        for r in $(seq 1 "$START_REPS"); do
            fresh_server
            A="$WORK/adur.accord"
            B="$WORK/worthing.accord"
            rm -f "$A" "$A-wal" "$A-shm" "$B" "$B-wal" "$B-shm"
            cp "$WORK/template-$OPS.accord" "$A"
            timed start adur sync "$A" start --json
            expect sent "$OPS"
            PROJECT="$(field project_id)"
            adur sync "$A" admit --org "$WORTHING_ORG" --role partner >/dev/null
            timed clone worthing clone --project "$PROJECT" "$B" --json
            expect ops_applied "$OPS"
        done
        if [ "${BENCH_VERIFY:-1}" = 1 ]; then
            # Both councils hold the same workspace, byte for byte.
            cmp -s <(adur export "$A" --format json) <(worthing export "$B" --format json) ||
                fail "the clone does not export the same JSON as the original"
        fi
        for i in $(seq 1 "$REPS"); do timed exec "$ACCORD" --version; done
        one_change 0 "" # untimed: the section returns to draft once, caches warm
        for i in $(seq 1 "$REPS"); do one_change "$i" timed; done
        for i in $(seq 1 "$BYTE_REPS"); do one_change_bytes "$((100 + i))"; done
        for i in $(seq 1 "$(((REPS + 1) / 2))"); do one_decision "$i"; done
        stop
    done
done

python3 - "$SAMPLES" <<'EOF'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    backend, ops, metric, value = line.rstrip("\n").split("\t")
    rows[(backend, int(ops), metric)].append(int(value))
def show(values, bytes_):
    med = statistics.median(values)
    if bytes_:
        return f"{med:,.0f}" + ("" if min(values) == max(values) else f" ({min(values):,} to {max(values):,})")
    return f"{med / 1000:.1f} ({min(values) / 1000:.1f} to {max(values) / 1000:.1f})"
metrics = ["exec", "start", "clone", "write", "send", "receive", "idle-lead", "idle-clone", "dec-send", "dec-receive",
           "send-bytes", "receive-bytes", "idle-lead-bytes", "idle-clone-bytes",
           "send-connections", "receive-connections", "idle-lead-connections"]
metrics += [m + "-cpu" for m in ("start", "clone", "write", "send", "receive", "idle-lead", "idle-clone", "dec-send", "dec-receive")]
print()
print("median (min to max); times in ms, process start included; bytes are TCP payload both ways")
for backend in ("sqlite", "postgres"):
    sizes = sorted({o for (b, o, _) in rows if b == backend})
    if not sizes:
        continue
    print(f"\n{backend}: " + " | ".join(f"{s:,} ops" for s in sizes))
    for m in metrics:
        cells = [show(rows[(backend, s, m)], "bytes" in m or "connections" in m) if rows.get((backend, s, m)) else "-" for s in sizes]
        print(f"  {m:22s} " + " | ".join(cells))
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        for m in ("send", "receive", "idle-lead", "idle-clone", "send-cpu", "receive-cpu", "idle-lead-cpu", "idle-clone-cpu", "send-bytes", "receive-bytes"):
            a, b = rows.get((backend, lo, m)), rows.get((backend, hi, m))
            if a and b:
                print(f"  ratio {hi:,}/{lo:,} {m}: {statistics.median(b) / statistics.median(a):.2f}")
EOF
