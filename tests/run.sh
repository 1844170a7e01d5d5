#!/usr/bin/env bash
# The project's test command (and CI's, through .ci/run): builds Ftgo.Strangler.sln once, starts a
# throwaway PostgreSQL and RabbitMQ unless FTGO_TEST_POSTGRES / FTGO_TEST_RABBITMQ point at servers,
# runs every tests/**/*.Tests.csproj, fails on snapshots left uncommitted, and ends with the line
#   tests: N passed, M failed[, K skipped]
# See tests/README.md.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

CONFIG=Release
SOLUTION=Ftgo.Strangler.sln
RESULTS=$ROOT/tests/.results
# Each phase has its own bound, so that a fresh machine's installs and build never eat the tests'
# time, and a hung run still ends well within CI's 90 minutes (20 + 20 + 30 minutes at most).
INSTALL_LIMIT=${FTGO_TEST_INSTALL_TIMEOUT:-1200}  # seconds for apt-get (servers and Chromium)
BUILD_LIMIT=${FTGO_TEST_BUILD_TIMEOUT:-1200}      # seconds for the build
BUDGET=${FTGO_TEST_TIMEOUT:-1800}                # seconds for the tests; the projects not run by then fail
DEADLINE=                                        # set when the tests start
INSTALL_SECONDS=0 BUILD_SECONDS=0 TESTS_SECONDS=0

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

source "$ROOT/tests/infra/common.sh"
source "$ROOT/tests/infra/postgres.sh"
source "$ROOT/tests/infra/rabbitmq.sh"

PASSED=0 FAILED=0 SKIPPED=0
FAILURES=()      # names of failed tests (and of projects that did not run), for the recap
BUILD_FAILED=()  # test projects outside the solution whose own build failed
CHILD=           # pid of the dotnet command running now, for the signal trap

log() { printf '\n==> %s\n' "$*"; }

cleanup() {
  if [[ -n $CHILD ]]; then kill -TERM "$CHILD" 2>/dev/null; wait "$CHILD" 2>/dev/null; CHILD=; fi
  pg_stop
  rmq_stop
  if [[ -n ${INFRA_TMP:-} && -z ${FTGO_TEST_KEEP_TMP:-} ]]; then rm -rf "$INFRA_TMP"; INFRA_TMP=; fi
}

# Cleans up, prints the recap and the summary line (always the last line) and exits.
finish() {
  local code=$1
  cleanup
  [[ -n ${tests_started:-} ]] && (( TESTS_SECONDS == 0 )) && TESTS_SECONDS=$(( SECONDS - tests_started ))
  if (( ${#FAILURES[@]} )); then
    printf '\nFailed:\n'
    printf '  %s\n' "${FAILURES[@]:0:50}"
    (( ${#FAILURES[@]} > 50 )) && printf '  ... and %d more\n' $(( ${#FAILURES[@]} - 50 ))
  fi
  infra_log "installs $INSTALL_SECONDS s, build $BUILD_SECONDS s, tests $TESTS_SECONDS s, total $SECONDS s"
  local line="tests: $PASSED passed, $FAILED failed"
  (( SKIPPED > 0 )) && line+=", $SKIPPED skipped"
  printf '\n%s\n' "$line"
  (( code == 0 && FAILED > 0 )) && code=1
  trap - EXIT
  exit "$code"
}

on_signal() {
  trap '' INT TERM
  echo "interrupted" >&2
  FAILED=$(( FAILED + 1 )); FAILURES+=("(run interrupted)")
  finish "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# run_child SECONDS CMD... — runs CMD in the background under a timeout and waits for it, so that
# an interrupt reaches our trap at once; the port reservations are not passed on.
run_child() {
  local limit=$1; shift
  ( infra_close_locks; exec timeout -k 30 "$limit" "$@" ) &
  CHILD=$!
  wait "$CHILD"
  local rc=$?
  CHILD=
  return "$rc"
}

remaining() { echo $(( DEADLINE - SECONDS )); }

# ---- packages: one apt-get for everything missing (servers unless given, Chromium for the dashboard test,
# Prometheus for the scrape test, which starts its own server) ----
missing=()
[[ -z ${FTGO_TEST_POSTGRES:-} ]] && missing+=($(pg_missing_packages))
[[ -z ${FTGO_TEST_RABBITMQ:-} ]] && missing+=($(rmq_missing_packages))
command -v chromium >/dev/null || missing+=(chromium)
[[ -x /usr/bin/prometheus && -x /usr/bin/promtool ]] || missing+=(prometheus)
if (( ${#missing[@]} )); then
  install_started=$SECONDS
  INFRA_APT_TIMEOUT=$INSTALL_LIMIT infra_ensure_packages "${missing[@]}"
  installed=$?
  INSTALL_SECONDS=$(( SECONDS - install_started ))
  infra_log "installs took $INSTALL_SECONDS s"
  if (( installed != 0 )); then
    FAILED=1; FAILURES+=("(infrastructure: could not install ${missing[*]})"); finish 1
  fi
fi

# ---- servers: use the given ones, or launch our own (they boot while the solution builds) ----
if [[ -z ${FTGO_TEST_POSTGRES:-} ]]; then
  pg_launch || { FAILED=1; FAILURES+=("(infrastructure: PostgreSQL did not start)"); finish 1; }
else
  infra_log "using FTGO_TEST_POSTGRES from the environment"
fi
if [[ -z ${FTGO_TEST_RABBITMQ:-} ]]; then
  rmq_launch || { FAILED=1; FAILURES+=("(infrastructure: RabbitMQ did not start)"); finish 1; }
else
  infra_log "using FTGO_TEST_RABBITMQ from the environment"
fi

# ---- build once ----
mapfile -t PROJECTS < <(find tests -name '*.Tests.csproj' -not -path '*/bin/*' -not -path '*/obj/*' \
                          -not -path 'tests/.results/*' | sort)
log "build $SOLUTION ($CONFIG)"
build_started=$SECONDS
run_child "$BUILD_LIMIT" dotnet build "$SOLUTION" -c "$CONFIG" --nologo -v minimal -nodeReuse:false
built=$?
BUILD_SECONDS=$(( SECONDS - build_started ))
if (( built != 0 )); then
  echo "build failed" >&2
  FAILED=1; FAILURES+=("(build of $SOLUTION)"); finish 1
fi
# A test project missing from the solution would otherwise be silently skipped (no build).
for proj in "${PROJECTS[@]}"; do
  if ! grep -qiF "${proj//\//\\}" "$SOLUTION"; then
    echo "warning: $proj is not in $SOLUTION (add it: dotnet sln $SOLUTION add $proj); building it separately" >&2
    if ! run_child "$BUILD_LIMIT" dotnet build "$proj" -c "$CONFIG" --nologo -v minimal -nodeReuse:false; then
      FAILED=$(( FAILED + 1 )); FAILURES+=("$(basename "$proj" .csproj) (build failed)")
      BUILD_FAILED+=("$proj")
    fi
  fi
done
BUILD_SECONDS=$(( SECONDS - build_started ))   # with the test projects outside the solution, if any
infra_log "build took $BUILD_SECONDS s"

# ---- wait for the servers ----
if [[ -n $PG_STARTED ]]; then
  pg_wait_ready 60 || { FAILED=$(( FAILED + 1 )); FAILURES+=("(infrastructure: PostgreSQL not ready)"); finish 1; }
  export FTGO_TEST_POSTGRES=$PG_CONNECTION
fi
if [[ -n $RMQ_STARTED ]]; then
  rmq_wait_ready 90 || { FAILED=$(( FAILED + 1 )); FAILURES+=("(infrastructure: RabbitMQ not ready)"); finish 1; }
  export FTGO_TEST_RABBITMQ=$RMQ_URI
fi
export FTGO_TEST_POSTGRES FTGO_TEST_RABBITMQ
infra_log "FTGO_TEST_POSTGRES=$FTGO_TEST_POSTGRES"
infra_log "FTGO_TEST_RABBITMQ=$FTGO_TEST_RABBITMQ"

# ---- run each test project, one after another ----
# count_trx FILE — prints "passed failed skipped" and then one failed test name a line.
count_trx() {
  if command -v python3 >/dev/null; then
    python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
root = ET.parse(sys.argv[1]).getroot()
passed = failed = skipped = 0
names = []
for r in root.iter("{%s}UnitTestResult" % ns["t"]):
    outcome = r.get("outcome", "")
    if outcome == "Passed":
        passed += 1
    elif outcome in ("NotExecuted", "Inconclusive", "Pending", "Disconnected", "Warning"):
        skipped += 1
    else:                      # Failed, Error, Timeout, Aborted, ...
        failed += 1
        names.append(r.get("testName", "?"))
print(passed, failed, skipped)
print("\n".join(names))
PY
  else
    local p f s
    p=$(grep -o '<UnitTestResult [^>]*outcome="Passed"' "$1" | wc -l)
    s=$(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$1" | wc -l)
    f=$(( $(grep -o '<UnitTestResult ' "$1" | wc -l) - p - s ))
    echo "$p $f $s"
    grep -o '<UnitTestResult [^>]*outcome="Failed"' "$1" | grep -o 'testName="[^"]*"' | sed 's/^testName="//; s/"$//'
  fi
}

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
tests_started=$SECONDS
DEADLINE=$(( SECONDS + BUDGET ))
(( ${#PROJECTS[@]} )) || echo "no test projects under tests/ (tests/**/*.Tests.csproj)" >&2
for proj in "${PROJECTS[@]}"; do
  name=$(basename "$proj" .csproj)
  [[ " ${BUILD_FAILED[*]:-} " == *" $proj "* ]] && continue
  left=$(remaining)
  if (( left < 10 )); then
    FAILED=$(( FAILED + 1 )); FAILURES+=("$name (not run: the tests' ${BUDGET}s budget is spent)")
    continue
  fi
  log "test $name"
  started=$SECONDS
  run_child "$left" dotnet test "$proj" -c "$CONFIG" --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS/$name" \
    --blame-hang-timeout 9m --blame-hang-dump-type none
  rc=$?
  trx=$RESULTS/$name/$name.trx
  counts=()
  [[ -s $trx ]] && mapfile -t counts < <(count_trx "$trx")
  if (( ${#counts[@]} == 0 )); then
    why="exit code $rc, no TRX"
    (( rc == 124 || rc == 137 )) && why="killed when the tests' ${BUDGET}s budget ran out"
    echo "$name: no test results ($why)" >&2
    FAILED=$(( FAILED + 1 )); FAILURES+=("$name (did not run: $why)")
    continue
  fi
  read -r p f s <<<"${counts[0]}"
  PASSED=$(( PASSED + p )); FAILED=$(( FAILED + f )); SKIPPED=$(( SKIPPED + s ))
  for t in "${counts[@]:1}"; do [[ -n $t ]] && FAILURES+=("$name: $t"); done
  if (( rc != 0 && f == 0 )); then
    # e.g. the test host crashed or hung after some results were written
    echo "$name: dotnet test exit code $rc but no failed test in its TRX" >&2
    FAILED=$(( FAILED + 1 )); FAILURES+=("$name (test run aborted: exit code $rc)")
  fi
  echo "$name: $p passed, $f failed, $s skipped in $(( SECONDS - started )) s"
done
TESTS_SECONDS=$(( SECONDS - tests_started ))

# ---- snapshots: Snapshooter writes a missing snapshot and passes, so CI must catch it ----
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  snaps=$(git status --porcelain --untracked-files=all -- ':(glob)**/__snapshots__/**' | grep -v '/__mismatch__/')
  if [[ -n $snaps ]]; then
    log "snapshots written or changed by the run (review them and commit them):"
    echo "$snaps"
    FAILED=$(( FAILED + 1 )); FAILURES+=("snapshots committed")
  fi
else
  echo "warning: not a git work tree; snapshot check skipped" >&2
fi

finish 0
