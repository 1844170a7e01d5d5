# Throwaway PostgreSQL for the tests: loopback only, own port, data and log in a temp folder.
# Source it (after common.sh), then: pg_missing_packages; pg_launch; pg_wait_ready SECONDS; pg_stop.
# pg_launch sets PG_PORT and PG_CONNECTION (an Npgsql connection string to the superuser).
# Standalone: bash tests/infra/postgres.sh  — starts one, prints the connection string, waits
# for Ctrl-C, stops it.

PG_BIN=
PG_DIR=
PG_PORT=
PG_CONNECTION=
PG_STARTED=
PG_LAUNCHED_AT=
PG_LAUNCH_SECONDS=

pg_find_bin() {
  local d
  for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr); do
    if [[ -x $d/initdb && -x $d/pg_ctl && -x $d/pg_isready && -x $d/psql ]]; then PG_BIN=$d; return 0; fi
  done
  return 1
}

# Prints "postgresql" when the server binaries are missing.
pg_missing_packages() { pg_find_bin || echo postgresql; }

# Initialises a cluster and starts the postmaster without waiting for it.
pg_launch() {
  pg_find_bin || { infra_log "PostgreSQL binaries not found under /usr/lib/postgresql"; return 1; }
  infra_reserve_port PG_PORT "${FTGO_TEST_PG_PORT_BASE:-55433}" || return 1
  infra_tmpdir || return 1
  PG_DIR=$INFRA_TMP/postgres
  mkdir -p "$PG_DIR"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$PG_DIR"
  PG_LAUNCHED_AT=$(infra_now)
  PG_LAUNCH_SECONDS=$SECONDS
  # cd: the service user may not be allowed into the caller's cwd.
  ( cd "$PG_DIR" && infra_as postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust \
      --no-sync --no-instructions -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ) || {
    infra_log "initdb failed:"; tail -n 30 "$PG_DIR/initdb.log" >&2; return 1; }
  local opts="-c port=$PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR"
  opts+=" -c wal_level=logical -c max_replication_slots=50 -c max_wal_senders=50"
  opts+=" -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  ( cd "$PG_DIR" && infra_as postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" \
      -o "$opts" -W start >/dev/null 2>&1 ) || {
    infra_log "pg_ctl start failed:"; tail -n 30 "$PG_DIR/postgres.log" >&2; return 1; }
  PG_STARTED=1
  infra_log "postgres starting on 127.0.0.1:$PG_PORT (files in $PG_DIR)"
  PG_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
}

# Polls until the server answers a query, or fails after SECONDS with the log tail.
pg_wait_ready() {
  local deadline=$(( SECONDS + ${1:-60} ))
  while (( SECONDS < deadline )); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 \
       && "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -XAtqc 'select 1' >/dev/null 2>&1; then
      infra_log "postgres ready on 127.0.0.1:$PG_PORT, $(infra_elapsed "$PG_LAUNCHED_AT") s after launch"
      return 0
    fi
    # A postmaster that died (bad option, port taken) will never answer: stop polling.
    if ! infra_as postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1 \
       && (( SECONDS - PG_LAUNCH_SECONDS > 3 )); then
      break
    fi
    sleep 0.2
  done
  infra_log "postgres did not become ready on 127.0.0.1:$PG_PORT; last lines of $PG_DIR/postgres.log:"
  tail -n 30 "$PG_DIR/postgres.log" >&2 2>/dev/null
  return 1
}

# Stops the server this script started (fast shutdown; SIGKILL of the postmaster if that hangs).
pg_stop() {
  [[ -n $PG_STARTED ]] || return 0
  PG_STARTED=
  ( cd "$PG_DIR" && infra_as postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 ) && {
    infra_log "postgres on port $PG_PORT stopped"; return 0; }
  local pid
  pid=$(head -n1 "$PG_DIR/data/postmaster.pid" 2>/dev/null)
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    infra_log "postgres did not stop in time; killing postmaster $pid"
    kill -KILL "$pid" 2>/dev/null
  fi
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -u
  source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
  trap 'pg_stop; rm -rf "${INFRA_TMP:-/nonexistent}"' EXIT
  trap 'exit 130' INT TERM
  missing=$(pg_missing_packages); [[ -z $missing ]] || infra_ensure_packages $missing || exit 1
  pg_launch && pg_wait_ready 60 || exit 1
  echo "FTGO_TEST_POSTGRES=$PG_CONNECTION"
  infra_log "Ctrl-C to stop"
  # `wait` on a background sleep, so that SIGTERM or Ctrl-C runs the traps at once (bash defers them while a foreground command runs).
  while :; do sleep 3600 & wait $!; done
fi
