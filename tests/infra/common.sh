# Helpers shared by tests/infra/postgres.sh and tests/infra/rabbitmq.sh (sourced, not run).

# infra_log MSG... — progress to stderr, so that stdout stays the test output.
infra_log() { printf '[infra] %s\n' "$*" >&2; }

# infra_as USER CMD... — run CMD as USER when we are root (servers refuse or should not run
# as root), otherwise as ourselves.
infra_as() {
  local user=$1; shift
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

# infra_port_busy PORT — true when something listens on PORT (any address).
infra_port_busy() {
  if command -v ss >/dev/null; then
    [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# infra_reserve_port VAR START — first port >= START that nobody listens on and that no other
# concurrent run of tests/run.sh has reserved; stores it in VAR. The reservation is an flock on
# /tmp/ftgo-test-port-<port>.lock held by an fd of this shell: it ends with this shell (and the
# server that inherits the fd), so two runs started at the same moment cannot pick the same port.
INFRA_LOCK_FDS=()
infra_reserve_port() {
  local __var=$1 port=$2 last=$(( $2 + 200 )) lock fd
  for (( ; port < last; port++ )); do
    infra_port_busy "$port" && continue
    lock=/tmp/ftgo-test-port-$port.lock
    ( umask 000; : >>"$lock" ) 2>/dev/null
    exec {fd}<"$lock" || continue
    if flock -n "$fd"; then
      INFRA_LOCK_FDS+=("$fd")
      printf -v "$__var" '%s' "$port"
      return 0
    fi
    exec {fd}<&-
  done
  infra_log "no free port in $2..$last"
  return 1
}

# infra_close_locks — in a subshell about to exec a long-lived process that must not keep the
# port reservations alive (build servers, a shared epmd).
infra_close_locks() {
  local fd
  for fd in "${INFRA_LOCK_FDS[@]}"; do exec {fd}<&-; done
}

# infra_tmpdir — makes (once) the run's scratch folder for the servers' data and logs, INFRA_TMP,
# traversable by the service users. Not in $(...): the variable must be set in this shell.
INFRA_TMP=
infra_tmpdir() {
  if [[ -z $INFRA_TMP ]]; then
    INFRA_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ftgo-tests.XXXXXX") || return 1
    chmod 755 "$INFRA_TMP"
  fi
}

# infra_ensure_packages PKG... — apt-get install the given Debian packages (one apt-get update
# first), non-interactively, within INFRA_APT_TIMEOUT seconds in all (20 minutes unless set).
# Only as root; otherwise say what to install.
INFRA_APT_UPDATED=
infra_ensure_packages() {
  (( $# )) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    infra_log "missing: $* — install them (apt-get install $*) or set FTGO_TEST_POSTGRES/FTGO_TEST_RABBITMQ"
    return 1
  fi
  infra_log "installing $* (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  local deadline=$(( SECONDS + ${INFRA_APT_TIMEOUT:-1200} ))
  if [[ -z $INFRA_APT_UPDATED ]]; then
    timeout -k 10 $(( deadline - SECONDS )) apt-get update -q >/dev/null || { infra_log "apt-get update failed"; return 1; }
    INFRA_APT_UPDATED=1
  fi
  timeout -k 10 $(( deadline - SECONDS )) \
    apt-get install -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" >/dev/null \
    || { infra_log "apt-get install $* failed (or took over ${INFRA_APT_TIMEOUT:-1200} s)"; return 1; }
}

# infra_now — seconds since the epoch, with milliseconds.
infra_now() { date +%s.%N | cut -c1-14; }
infra_elapsed() { awk -v a="$1" -v b="$(infra_now)" 'BEGIN { printf "%.1f", b - a }'; }
