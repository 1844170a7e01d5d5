# Throwaway RabbitMQ node for the tests: loopback only, its own node name, AMQP and distribution
# ports, cookie, config and data in a temp folder, so it cannot clash with a node already running.
# Source it (after common.sh), then: rmq_missing_packages; rmq_launch; rmq_wait_ready SECONDS; rmq_stop.
# rmq_launch sets RMQ_PORT, RMQ_NODE and RMQ_URI (amqp://guest:guest@127.0.0.1:PORT/).
# Standalone: bash tests/infra/rabbitmq.sh — starts one, prints the URI, waits for Ctrl-C, stops it.

RMQ_SBIN=
RMQ_DIR=
RMQ_PORT=
RMQ_DIST_PORT=
RMQ_NODE=
RMQ_URI=
RMQ_ENV=()
RMQ_STARTED=
RMQ_EPMD_PID=
RMQ_LAUNCHED_AT=
RMQ_LAUNCH_SECONDS=

rmq_find_bin() {
  local d
  for d in /usr/lib/rabbitmq/bin $(ls -d /usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin 2>/dev/null | sort -Vr); do
    if [[ -x $d/rabbitmq-server && -x $d/rabbitmqctl ]]; then RMQ_SBIN=$d; break; fi
  done
  [[ -n $RMQ_SBIN ]] && command -v epmd >/dev/null
}

# Prints "rabbitmq-server" when the broker (or Erlang's epmd) is missing.
rmq_missing_packages() { rmq_find_bin || echo rabbitmq-server; }

rmq_ctl() {
  ( cd "$RMQ_DIR" && infra_as rabbitmq timeout 60 env "${RMQ_ENV[@]}" "$RMQ_SBIN/rabbitmqctl" -n "$RMQ_NODE" "$@" )
}

# PIDs of the Erlang VM of our node (found by our own unique node name).
# The VM of our node, found by its home folder: RabbitMQ 3.10 names the node at run time, so the
# node name is not on the VM's command line.
rmq_node_pids() { [[ -n ${RMQ_DIR:-} ]] && pgrep -f -- "beam.* -home ${RMQ_DIR} " 2>/dev/null; }

# epmd must listen on loopback only; started by rabbitmq-server itself it would bind every
# interface. An epmd that is already running (a developer's node) is shared, never stopped.
rmq_ensure_epmd() {
  if epmd -names >/dev/null 2>&1; then return 0; fi
  ( cd / && infra_close_locks && infra_as rabbitmq epmd -address 127.0.0.1 -daemon ) || { infra_log "could not start epmd"; return 1; }
  local deadline=$(( SECONDS + 10 ))
  until epmd -names >/dev/null 2>&1; do
    (( SECONDS < deadline )) || { infra_log "epmd did not come up"; return 1; }
    sleep 0.1
  done
  RMQ_EPMD_PID=$(ss -Hltnp "sport = :${ERL_EPMD_PORT:-4369}" 2>/dev/null | grep -o 'epmd",pid=[0-9]*' | head -n1 | grep -o '[0-9]*$')
  # Without its pid (ss could not tell) it is left running rather than risk killing another epmd.
  [[ -n $RMQ_EPMD_PID ]] || infra_log "warning: pid of the epmd just started unknown; it will be left running"
  infra_log "started epmd on 127.0.0.1:${ERL_EPMD_PORT:-4369} (pid $RMQ_EPMD_PID)"
}

# Starts a detached node without waiting for it to boot.
rmq_launch() {
  rmq_find_bin || { infra_log "rabbitmq-server or epmd not found"; return 1; }
  infra_reserve_port RMQ_PORT "${FTGO_TEST_RMQ_PORT_BASE:-5674}" || return 1
  infra_reserve_port RMQ_DIST_PORT "${FTGO_TEST_RMQ_DIST_PORT_BASE:-25674}" || return 1
  RMQ_NODE="ftgotest$$r$RANDOM@localhost"
  infra_tmpdir || return 1
  RMQ_DIR=$INFRA_TMP/rabbitmq
  mkdir -p "$RMQ_DIR/mnesia" "$RMQ_DIR/log"
  # A cookie of our own: the node and our rabbitmqctl calls read it from HOME=$RMQ_DIR.
  tr -dc 'A-Z' </dev/urandom 2>/dev/null | head -c 20 >"$RMQ_DIR/.erlang.cookie"
  chmod 400 "$RMQ_DIR/.erlang.cookie"
  echo '[].' >"$RMQ_DIR/enabled_plugins"          # no management plugin on a shared port
  : >"$RMQ_DIR/rabbitmq-env.conf"                  # ignore /etc/rabbitmq/rabbitmq-env.conf
  printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\n' "$RMQ_PORT" >"$RMQ_DIR/rabbitmq.conf"
  [[ $(id -u) -eq 0 ]] && chown -R rabbitmq: "$RMQ_DIR"
  RMQ_ENV=(
    HOME="$RMQ_DIR"
    RABBITMQ_NODENAME="$RMQ_NODE"
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    RABBITMQ_NODE_PORT="$RMQ_PORT"
    RABBITMQ_DIST_PORT="$RMQ_DIST_PORT"
    RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia"
    RABBITMQ_LOG_BASE="$RMQ_DIR/log"
    RABBITMQ_PID_FILE="$RMQ_DIR/rabbitmq.pid"
    RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf"
    RABBITMQ_CONF_ENV_FILE="$RMQ_DIR/rabbitmq-env.conf"
    RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins"
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  )
  rmq_ensure_epmd || return 1
  RMQ_LAUNCHED_AT=$(infra_now)
  RMQ_LAUNCH_SECONDS=$SECONDS
  ( cd "$RMQ_DIR" && infra_as rabbitmq env "${RMQ_ENV[@]}" "$RMQ_SBIN/rabbitmq-server" -detached \
      >"$RMQ_DIR/startup.log" 2>&1 ) || {
    infra_log "rabbitmq-server -detached failed:"; tail -n 30 "$RMQ_DIR/startup.log" >&2; return 1; }
  RMQ_STARTED=1
  infra_log "rabbitmq $RMQ_NODE starting on 127.0.0.1:$RMQ_PORT (dist $RMQ_DIST_PORT, files in $RMQ_DIR)"
  RMQ_URI="amqp://guest:guest@127.0.0.1:$RMQ_PORT/"
}

# Polls `rabbitmqctl status` and the AMQP listener until both answer, or fails after SECONDS.
rmq_wait_ready() {
  local deadline=$(( SECONDS + ${1:-90} ))
  while (( SECONDS < deadline )); do
    if infra_port_busy "$RMQ_PORT" && rmq_ctl -q status >/dev/null 2>&1; then
      infra_log "rabbitmq $RMQ_NODE ready on 127.0.0.1:$RMQ_PORT, $(infra_elapsed "$RMQ_LAUNCHED_AT") s after launch"
      return 0
    fi
    # A VM that exited (port taken, bad config) will never answer: stop polling.
    if (( SECONDS - RMQ_LAUNCH_SECONDS > 5 )) && [[ -z $(rmq_node_pids) ]]; then break; fi
    sleep 0.5
  done
  infra_log "rabbitmq $RMQ_NODE did not become ready on 127.0.0.1:$RMQ_PORT; last log lines:"
  tail -n 20 "$RMQ_DIR/startup.log" "$RMQ_DIR/log/$RMQ_NODE.log" >&2 2>/dev/null
  return 1
}

# Stops our node (rabbitmqctl stop waits for its VM to exit), SIGKILL if that fails, then the
# epmd we started, if no other node registered with it meanwhile.
rmq_stop() {
  if [[ -n $RMQ_STARTED ]]; then
    RMQ_STARTED=
    if rmq_ctl -q stop "$RMQ_DIR/rabbitmq.pid" >/dev/null 2>&1; then
      infra_log "rabbitmq $RMQ_NODE stopped"
    fi
    local pids
    pids=$(rmq_node_pids)
    if [[ -n $pids ]]; then
      infra_log "rabbitmq $RMQ_NODE still running; killing $pids"
      kill -KILL $pids 2>/dev/null
    fi
  fi
  if [[ -n $RMQ_EPMD_PID ]]; then
    local names
    names=$(epmd -names 2>/dev/null | grep -c '^name ')
    if [[ ${names:-0} -eq 0 ]]; then
      kill "$RMQ_EPMD_PID" 2>/dev/null && infra_log "epmd (pid $RMQ_EPMD_PID) stopped"
    else
      infra_log "leaving epmd (pid $RMQ_EPMD_PID) running: other nodes registered with it since"
    fi
    RMQ_EPMD_PID=
  fi
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -u
  source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
  trap 'rmq_stop; rm -rf "${INFRA_TMP:-/nonexistent}"' EXIT
  trap 'exit 130' INT TERM
  missing=$(rmq_missing_packages); [[ -z $missing ]] || infra_ensure_packages $missing || exit 1
  rmq_launch && rmq_wait_ready 90 || exit 1
  echo "FTGO_TEST_RABBITMQ=$RMQ_URI"
  infra_log "Ctrl-C to stop"
  # `wait` on a background sleep, so that SIGTERM or Ctrl-C runs the traps at once (bash defers them while a foreground command runs).
  while :; do sleep 3600 & wait $!; done
fi
