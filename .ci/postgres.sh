# Sourced by test.sh: starts a throwaway PostgreSQL cluster for the tests that need one and exports
# HANDOFF_TEST_POSTGRES (an admin connection string; each test class creates and drops its own database).
# Owned by the current user, or by "postgres" when running as root (initdb refuses root), in a temp folder,
# listening on 127.0.0.1 on a free port and a socket in that folder only. Stopped and deleted by stop_test_postgres.
# Without PostgreSQL's server programs the step is skipped, and so are those tests (with a reason).

start_test_postgres() {
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
        echo "PostgreSQL's server programs are missing: the PostgreSQL tests are skipped" >&2
        return 0
    fi
    PG_BIN="$bindir"
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/handoff-pg.XXXXXX")
    PG_AS=()
    PG_USER=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then
        PG_USER=postgres
        PG_AS=(runuser -u postgres --)
        chown postgres "$PG_DIR"
    fi
    if ! "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_USER" --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1; then
        echo "initdb failed: the PostgreSQL tests are skipped" >&2; cat "$PG_DIR/initdb.log" >&2
        return 0
    fi
    local attempt port
    for attempt in 1 2 3 4 5; do
        port=$(( 20000 + RANDOM % 20000 ))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue   # taken
        if "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
            -o "-k $PG_DIR -p $port -h 127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null 2>&1; then
            export HANDOFF_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=$PG_USER;Database=postgres"
            echo "PostgreSQL for the tests on 127.0.0.1:$port (folder $PG_DIR)" >&2
            return 0
        fi
    done
    echo "PostgreSQL did not start: the PostgreSQL tests are skipped" >&2; tail -20 "$PG_DIR/server.log" >&2
}

stop_test_postgres() {
    if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
        if [ -f "$PG_DIR/data/postmaster.pid" ]; then
            "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
        fi
        rm -rf "$PG_DIR"
    fi
}
