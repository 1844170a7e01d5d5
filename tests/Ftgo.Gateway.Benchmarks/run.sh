#!/usr/bin/env bash
# Gateway benchmark (the "gateway performance" issue), run on demand, never in CI. See README.md beside it.
#
# On loopback, in one go, with the load generator pinned to core 0 and every server pinned to core 1
# (shared/HINTS.md). The request is GET /couriers/{id}, a read of the delivery route group; the backend is
# a static nginx `return 200` answering the courier's 201-byte JSON as the monolith does, so that what is
# measured is the proxies themselves. (The old monolith round is gone: EF Core + SQLite on one core hid
# every proxy's cost.) Targets, in this order:
#   nginx        nginx 1.22 as a keepalive reverse proxy to the static backend
#   bare-yarp    BareYarp/: YARP 2.3.0 alone, one catch-all route to one destination
#   gateway-*    Ftgo.Gateway at off, shadow (sample ratio 0.1, 1.0), live 50 %, live 100 %, complete
#                (every backend, Legacy/Kitchen/Delivery, is the static nginx)
#
# 1. Closed loop: wrk -t1 -c$CONNECTIONS, a warm-up (WARMUP_START=90s for a .NET process that has just started,
#    WARMUP=15s otherwise: see warm_up below; a 3 s warm-up measured bare YARP and the gateway at a third of their
#    steady req/s), then ROUNDS_N rounds of DURATION; medians of req/s, p99,
#    and CPU per request of the proxy process (utime+stime from /proc/<pid>/stat, summed over the process and
#    its children, before and after each round, divided by the requests wrk counted in that round).
# 2. Open loop (fixed rate) at OPEN_SHARES % of nginx's closed-loop req/s from the same run: p50, p99, p99.9,
#    whether the generator reached the rate, and the gateway's added p99 over nginx at 50 %.
#
# Every request names one of 1,000 courier ids (101-1100), through a wrk Lua script (wrk keeps > 100k req/s
# on one core with it, far above any target here). The gateway is started with the courier route's
# ByCourierRegistrar rule off, so that its stage's percent splits these requests by cohort (route:id) as it
# does for the group's other routes: with the rule on (the shipped appsettings.json), a courier id below
# Ftgo:Delivery:CourierIdStart is the monolith's at every percent of live, so live 50 % and 100 % would both
# be answered by legacy. EXTRA=1 also measures that shipped rule (gateway-live50-by-registrar). GATEWAY_ARGS
# come last, so they override it.
#
# Fixed-rate generator: hey (Debian), not autocannon (npm), measured here on 2026-12-06 against the static
# backend. autocannon 9.0.0's -R is not a pace: each connection gets rate/connections requests per second,
# sends them back to back at the start of each second and then idles until the next 1 s interval
# (lib/httpClient.js, reqsMadeThisSecond), so the server sees a closed-loop burst every second; its latency
# histogram keeps whole milliseconds (hdr lowestDiscernibleValue 1 ms), too coarse for a 1 ms goal; and its
# "coordinated omission correction" adds synthetic samples at a 1 ms expected interval (recorded 77k
# latencies for 20k requests at -R 2000). At -R 2000 it reported p50 85 ms, p99 684 ms, per-second counts
# 1448-2534; hey at the same rate p50 0.2 ms. hey's -q paces each worker with its own ticker (a request per
# tick, a late tick dropped), but the workers of one process tick together, so one hey process with 64
# workers sends bursts of 64 (p50 0.9 ms against 0.2 ms at 5,000/s): the script runs HEY_PROCS processes of
# OPEN_CONNECTIONS/HEY_PROCS workers each, started a fraction of the tick apart. hey -o csv gives every
# request's time (0.1 ms resolution) and status, so p99.9 is computed here; it leaves failed requests out of
# the csv, which then show as a shortfall of the achieved rate. A row whose achieved rate is below 97 % of
# the target is not valid: GENERATOR-LIMIT when hey used >= 80 % of core 0 (one core of hey did 20-32k req/s
# here, less against a slower server), NOT-KEPT otherwise (the server was saturated or stalled). With nginx at
# ~58k req/s on a quiet machine, the 50 % and 75 % rates are beyond hey on one core: OPEN_BASE_RPS lowers them.
#
# Usage: tests/Ftgo.Gateway.Benchmarks/run.sh
#   DURATION=10s ROUNDS_N=3 CONNECTIONS=64 WARMUP=15s WARMUP_START=90s WARMUP_MORE=60s   closed loop
#   OPEN=1 OPEN_DURATION=10s OPEN_SHARES=25,50,75 OPEN_CONNECTIONS=64 HEY_PROCS=8 OPEN_BASE_RPS=<req/s>
#   TARGETS=bare-yarp,gateway-off                          a subset (names as in the tables; default all)
#   GATEWAY_ARGS='--Ftgo:Gateway:Sync:Enabled=false'       extra gateway arguments (A/B of settings)
#   DOTNET_SETTINGS='DOTNET_gcServer=1 DOTNET_TieredPGO=0' runtime settings given to bare YARP and the gateway alike
#   EXTRA=1                                                 also gateway-off-sync-disabled, gateway-live50-by-registrar,
#                                                           gateway-off-traced, gateway-live50-traced (tracing on: see below),
#                                                           gateway-live50-partition (the group split by restaurant: see below)
#   TRACE_SAMPLE=0.1                                        the traced targets' Ftgo:Telemetry:TraceSampleRatio (default: the
#                                                           gateway's own, 1 %); their spans
#                                                           go over OTLP/HTTP to the static backend, which answers 200
#   AUTO_ROLLBACK=1                                         leave the gateway's auto-rollback on (see `flags` below)
#   ALLOCS=1                                                also bytes allocated per request (dotnet-counters, a dotnet tool)
#   INTERLEAVE=gateway-off,gateway-off-traced               instead of the targets, one pair A,B of gateway targets at the same
#                                                           stage, measured interleaved: both gateways run at once (A on
#                                                           GATEWAY_PORT, B on GATEWAY_B_PORT, both on core 1), each is warmed up
#                                                           as after a start, then ROUNDS_N pairs of DURATION rounds, A,B then
#                                                           B,A in turn; per pair B/A of req/s and of CPU per request, then the
#                                                           median, quartiles, min and max of each. The machine's drift (25 %
#                                                           within an hour here) cancels within a pair, where target after
#                                                           target it does not. OPEN and TARGETS do not apply.
#                                                           A may be bare-yarp (INTERLEAVE=bare-yarp,gateway-live50): B's cost
#                                                           against YARP alone, the issue's goal, with the drift cancelled
#                                                           A and B may be the same target with nothing told apart: an A/A
#                                                           control, what the pairing reads when nothing differs
#   B_ARGS='--Ftgo:Telemetry:Tracing=true'                  with INTERLEAVE, arguments for B only (after its target's, before
#                                                           GATEWAY_ARGS): A,B may then be the same target
#   B_SETTINGS='DOTNET_TieredPGO=0'                         with INTERLEAVE, runtime settings for B only (after DOTNET_SETTINGS)
#   B_TREE=/path/to/another/checkout                        with INTERLEAVE, B's gateway is built from that work tree (a change
#                                                           against the version before it, in the same run: A,B the same target)
#   PAIRS_OUT=file                                          with INTERLEAVE, each pair's B/A of req/s and of CPU per request
#                                                           appended to the file, a line each: runs of one question pooled
#   POOL='pairs1.txt pairs2.txt'                             the interleaved table over PAIRS_OUT files (one question's runs
#                                                           pooled); measures nothing
#   SYSCALLS=1                                              also syscalls per request (perf stat, needs tracefs mounted)
# Exit codes (INTERLEAVE too): 0 done; 2 a tool is missing or a setting is wrong; 1 a build failed, a port is taken or a
# target did not answer; 3 the run finished but some result is not valid (non-2xx answers, socket errors,
# a stage that changed under load, a fixed rate not reached): the message says which.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${DURATION:-10s}
ROUNDS_N=${ROUNDS_N:-3}
CONNECTIONS=${CONNECTIONS:-64}
WARMUP=${WARMUP:-15s}
WARMUP_START=${WARMUP_START:-90s}
WARMUP_MORE=${WARMUP_MORE:-60s}
OPEN=${OPEN:-1}
OPEN_DURATION=${OPEN_DURATION:-10s}
OPEN_SHARES=${OPEN_SHARES:-25,50,75}
OPEN_CONNECTIONS=${OPEN_CONNECTIONS:-64}
HEY_PROCS=${HEY_PROCS:-8}
OPEN_BASE_RPS=${OPEN_BASE_RPS:-}
TARGETS=${TARGETS:-all}
GATEWAY_ARGS=${GATEWAY_ARGS:-}
DOTNET_SETTINGS=${DOTNET_SETTINGS:-}
EXTRA=${EXTRA:-0}
AUTO_ROLLBACK=${AUTO_ROLLBACK:-0}
SYSCALLS=${SYSCALLS:-0}
ALLOCS=${ALLOCS:-0}
INTERLEAVE=${INTERLEAVE:-}
B_ARGS=${B_ARGS:-}
B_SETTINGS=${B_SETTINGS:-}
SERVER_ENV=() # runtime settings for the next gateway started only (B's in the interleaved mode)
B_TREE=${B_TREE:-}
PAIRS_OUT=${PAIRS_OUT:-}
GATEWAY_TREE=$ROOT # the work tree the next gateway started is built from (B_TREE for B in the interleaved mode)
START_TIMEOUT=${START_TIMEOUT:-120}
GATEWAY_PORT=${GATEWAY_PORT:-7091}
NGINX_PORT=${NGINX_PORT:-7092}
STATIC_PORT=${STATIC_PORT:-7093}
BARE_PORT=${BARE_PORT:-7094}
GATEWAY_B_PORT=${GATEWAY_B_PORT:-7095}
ADMIN_TOKEN=bench-admin-token
ID_FIRST=101
ID_COUNT=1000
# The courier's JSON as the monolith answers GET /couriers/101 (201 bytes).
BODY='{"id":101,"name":{"firstName":"Bench","lastName":"Courier"},"address":{"street1":"1 High Street","street2":"Flat 2","city":"Oakland","state":"CA","zip":"94612"},"available":false,"plan":{"actions":[]}}'
CLOSED_ORDER=(nginx bare-yarp gateway-off gateway-shadow-0.1 gateway-shadow-1.0 gateway-live50 gateway-live100 gateway-complete)
EXTRA_ORDER=(gateway-off-sync-disabled gateway-live50-by-registrar gateway-off-traced gateway-live50-traced gateway-live50-partition)
OPEN_ORDER=(nginx bare-yarp gateway-off gateway-live50)
# Each gateway target's stage, percent at live and shadow sample ratio.
declare -A STAGE_OF=([gateway-off]="off 0 0" [gateway-shadow-0.1]="shadow 0 0.1" [gateway-shadow-1.0]="shadow 0 1.0"
  [gateway-live50]="live 50 0" [gateway-live100]="live 100 0" [gateway-complete]="complete 0 0"
  [gateway-off-sync-disabled]="off 0 0" [gateway-live50-by-registrar]="live 50 0" [gateway-off-traced]="off 0 0"
  [gateway-live50-traced]="live 50 0" [gateway-live50-partition]="live 50 0")

die() { echo "run.sh: $*" >&2; exit 1; }
usage_error() { echo "run.sh: $*" >&2; exit 2; }

# median, quartiles, min and max of a list (quartiles interpolated between the sorted values)
# and a 95 % confidence interval of the median from the order statistics (the values ranked n/2 -+ 0.98 sqrt(n), a
# distribution-free bound; "-" below 6 values).
spread() { sort -g | awk '{ v[NR] = $1 } function q(p,  x, i) { x = 1 + (NR - 1) * p; i = int(x); return v[i] + (x - i) * (v[i + 1] - v[i]) }
  END { if (NR == 0) { print "nan nan nan nan nan - -"; exit }
        k = int((NR - 1.96 * sqrt(NR)) / 2); lo = k >= 1 ? sprintf("%.3f", v[k]) : "-"; hi = k >= 1 ? sprintf("%.3f", v[NR - k + 1]) : "-"
        printf "%.3f %.3f %.3f %.3f %.3f %s %s\n", q(0.5), q(0.25), q(0.75), v[1], v[NR], lo, hi }'; }
# The pairs' table: median, CI, quartiles and extremes of PAIR_RPS and PAIR_CPU (B/A per pair).
ratio_row() { # label what ratio…: one row of the table, B's cost at the median as a change in "what"
  local label=$1 what=$2 med q1 q3 lo hi clo chi; shift 2
  read -r med q1 q3 lo hi clo chi <<< "$(printf '%s\n' "$@" | spread)"
  printf "   %-14s %8s %15s %8s %8s %8s %8s  %s\n" "$label" "$med" "$clo-$chi" "$q1" "$q3" "$lo" "$hi" \
    "$(awk -v m="$med" -v w="$what" 'BEGIN { printf "%+.1f %% %s", (m - 1) * 100, w }')"
}
pair_table() {
  printf "   %-14s %8s %15s %8s %8s %8s %8s  %s\n" ratio median "95% CI median" q1 q3 min max "B's cost at the median"
  ratio_row "req/s" "throughput" "${PAIR_RPS[@]}"
  ratio_row "CPU/request" "CPU per request" "${PAIR_CPU[@]}"
}

# POOL: the table over pairs measured before (PAIRS_OUT files of one question), pooled; nothing is run.
if [[ -n ${POOL:-} ]]; then
  read -r -a POOL_FILES <<< "$POOL"
  PAIR_RPS=(); PAIR_CPU=()
  for file in "${POOL_FILES[@]}"; do
    [[ -f $file ]] || usage_error "POOL: no file '$file'"
    line_no=0
    while read -r rps cpu rest; do
      line_no=$(( line_no + 1 ))
      [[ $rps =~ ^[0-9]+(\.[0-9]+)?$ && $cpu =~ ^[0-9]+(\.[0-9]+)?$ && -z $rest ]] \
        || usage_error "POOL: $file line $line_no is not 'B/A-req/s B/A-CPU' (as PAIRS_OUT writes): '$rps $cpu $rest'"
      PAIR_RPS+=("$rps"); PAIR_CPU+=("$cpu")
    done < "$file"
  done
  (( ${#PAIR_RPS[@]} > 0 )) || usage_error "POOL: no pairs in $POOL"
  echo "== pooled: ${#PAIR_RPS[@]} pairs from ${#POOL_FILES[@]} file(s) ($POOL), B/A per pair"
  pair_table
  exit 0
fi

for tool in wrk nginx taskset curl jq hey dotnet git awk sort getconf; do
  command -v "$tool" >/dev/null || usage_error "needs $tool (Debian packages: wrk nginx util-linux curl jq hey; the .NET 10 SDK; git)"
done
if [[ $ALLOCS == 1 ]]; then
  command -v dotnet-counters >/dev/null || usage_error "ALLOCS=1 needs dotnet-counters: dotnet tool install -g dotnet-counters (and ~/.dotnet/tools on PATH)"
fi
if [[ $SYSCALLS == 1 ]]; then
  command -v perf >/dev/null || usage_error "SYSCALLS=1 needs perf (Debian package linux-perf)"
  [[ -d /sys/kernel/tracing/events/raw_syscalls ]] || usage_error "SYSCALLS=1 needs tracefs: mount -t tracefs nodev /sys/kernel/tracing"
fi
[[ $ROUNDS_N =~ ^[1-9][0-9]*$ ]] || usage_error "ROUNDS_N must be a positive integer, not '$ROUNDS_N'"
[[ $CONNECTIONS =~ ^[1-9][0-9]*$ ]] || usage_error "CONNECTIONS must be a positive integer, not '$CONNECTIONS'"
for d in DURATION WARMUP WARMUP_START WARMUP_MORE OPEN_DURATION; do
  [[ ${!d} =~ ^[1-9][0-9]*[sm]$ ]] || usage_error "$d must look like 10s or 2m, not '${!d}'"
done
seconds() { local v=$1; [[ $v == *m ]] && echo $(( ${v%m} * 60 )) || echo "${v%s}"; }
OPEN_SECONDS=$(seconds "$OPEN_DURATION")
[[ $HEY_PROCS =~ ^[1-9][0-9]*$ && $OPEN_CONNECTIONS =~ ^[1-9][0-9]*$ ]] && (( OPEN_CONNECTIONS % HEY_PROCS == 0 )) \
  || usage_error "OPEN_CONNECTIONS ($OPEN_CONNECTIONS) must be a multiple of HEY_PROCS ($HEY_PROCS)"
[[ $OPEN_SHARES =~ ^[0-9]+(,[0-9]+)*$ ]] || usage_error "OPEN_SHARES must be a list of percents like 25,50,75"
[[ -z $B_ARGS || -n $INTERLEAVE ]] || usage_error "B_ARGS is for the interleaved mode (INTERLEAVE=A,B)"
[[ -z $B_SETTINGS || -n $INTERLEAVE ]] || usage_error "B_SETTINGS is for the interleaved mode (INTERLEAVE=A,B)"
[[ -z $B_TREE || -n $INTERLEAVE ]] || usage_error "B_TREE is for the interleaved mode (INTERLEAVE=A,B)"
[[ -z $B_TREE || -f $B_TREE/gateway/Ftgo.Gateway/Ftgo.Gateway.csproj ]] || usage_error "B_TREE: no gateway/Ftgo.Gateway in '$B_TREE'"
read -r -a B_EXTRA <<< "$B_ARGS"
read -r -a B_ENV <<< "$B_SETTINGS"
for setting in "${B_ENV[@]}"; do
  [[ $setting =~ ^DOTNET_[A-Za-z0-9_]+=.*$ ]] || usage_error "B_SETTINGS takes DOTNET_name=value words, not '$setting'"
done
[[ -z $OPEN_BASE_RPS || $OPEN_BASE_RPS =~ ^[0-9]+(\.[0-9]+)?$ ]] || usage_error "OPEN_BASE_RPS must be a number of req/s"
IFS=',' read -r -a SHARES <<< "$OPEN_SHARES"
read -r -a GATEWAY_EXTRA <<< "$GATEWAY_ARGS"
read -r -a DOTNET_ENV <<< "$DOTNET_SETTINGS"
for setting in "${DOTNET_ENV[@]}"; do
  [[ $setting =~ ^DOTNET_[A-Za-z0-9_]+=.*$ ]] || usage_error "DOTNET_SETTINGS takes DOTNET_name=value words, not '$setting'"
done
if [[ $TARGETS == all ]]; then
  SELECTED=("${CLOSED_ORDER[@]}")
  [[ $EXTRA == 1 ]] && SELECTED+=("${EXTRA_ORDER[@]}")
else
  IFS=',' read -r -a SELECTED <<< "$TARGETS"
  for t in "${SELECTED[@]}"; do
    [[ " ${CLOSED_ORDER[*]} ${EXTRA_ORDER[*]} " == *" $t "* ]] \
      || usage_error "unknown target '$t' (known: ${CLOSED_ORDER[*]} ${EXTRA_ORDER[*]})"
  done
fi
if [[ -n $INTERLEAVE ]]; then
  IFS=',' read -r -a PAIR <<< "$INTERLEAVE"
  [[ ${#PAIR[@]} == 2 && ( ${PAIR[0]} == bare-yarp || -n ${STAGE_OF[${PAIR[0]}]:-} ) && -n ${STAGE_OF[${PAIR[1]}]:-} ]] \
    || usage_error "INTERLEAVE takes two targets A,B: A bare-yarp or a gateway target, B a gateway target (known: ${!STAGE_OF[*]}), not '$INTERLEAVE'"
  [[ ${PAIR[0]} == bare-yarp || ${STAGE_OF[${PAIR[0]}]} == "${STAGE_OF[${PAIR[1]}]}" ]] \
    || usage_error "INTERLEAVE: ${PAIR[0]} and ${PAIR[1]} are at different stages; the pair shares one flags file"
  [[ $TARGETS == all ]] || usage_error "INTERLEAVE measures its pair only; leave TARGETS unset"
  SELECTED=()
  OPEN=0
fi
selected() { [[ " ${SELECTED[*]} " == *" $1 "* ]]; }
open_selected() { [[ $OPEN == 1 ]] && selected "$1" && [[ " ${OPEN_ORDER[*]} " == *" $1 "* ]]; }

CLK_TCK=$(getconf CLK_TCK)
WORK=$(mktemp -d)
PIDS=()
LOADGEN_PIDS=()
WARNINGS=()

# A process and its descendants as "pid:start-time" (field 22 of /proc/<pid>/stat), so that a KILL sent later
# never reaches a process that reused the id.
tree() { # pid
  local p start
  start=$(sed 's/^.*) //' /proc/"$1"/stat 2>/dev/null | awk '{ print $20 }') || return 0
  [[ -n $start ]] && echo "$1:$start"
  for p in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$p"; done
}
alive() { # pid:start — a zombie (exited, not yet reaped) is not alive
  [[ $(sed 's/^.*) //' /proc/"${1%%:*}"/stat 2>/dev/null | awk '$1 != "Z" { print $20 }') == "${1##*:}" ]]
}
# TERM to the process (nginx's master stops its workers, dotnet shuts down), up to 10 s, then KILL to whatever
# of it and its descendants is left.
stop() { # pid
  local members entry left
  mapfile -t members < <(tree "$1")
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do
    left=0
    for entry in "${members[@]}"; do alive "$entry" && left=1; done
    (( left )) || break
    sleep 0.1
  done
  for entry in "${members[@]}"; do alive "$entry" && kill -KILL "${entry%%:*}" 2>/dev/null; done
  wait "$1" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${LOADGEN_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${LOADGEN_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do stop "$pid"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

warn() { WARNINGS+=("$1"); echo "   !!! $1"; }

port_free() { # port
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    die "port $1 is already in use on 127.0.0.1 (another benchmark?); set GATEWAY_PORT/NGINX_PORT/STATIC_PORT/BARE_PORT"
  fi
}

wait_for() { # url pid log — up to START_TIMEOUT seconds (a starved core 1 slows a .NET start down a lot)
  local tries=$(( START_TIMEOUT * 10 ))
  for _ in $(seq 1 "$tries"); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { tail -n 20 "$3" >&2 || true; die "the process behind $1 exited before answering (log above)"; }
    sleep 0.1
  done
  tail -n 20 "$3" >&2 || true
  die "timed out after $START_TIMEOUT s waiting for $1 (log above)"
}


# CPU ticks (utime+stime, /proc/<pid>/stat fields 14 and 15) of the processes and their children.
proc_ticks() { # pid…
  local total=0 pid child ticks
  for pid in "$@"; do
    for child in $pid $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
      ticks=$(sed 's/^.*) //' /proc/"$child"/stat 2>/dev/null | awk '{ print $12 + $13 }') || ticks=0
      total=$(( total + ${ticks:-0} ))
    done
  done
  echo "$total"
}
# This shell's reaped children (cutime+cstime, fields 16 and 17): the load generator once it has exited.
# Context switches (voluntary and not) of every thread of the processes: a request that wakes a thread costs one.
proc_switches() { # pid…
  cat $(for pid in "$@"; do echo /proc/"$pid"/task/*/status; done) 2>/dev/null \
    | awk '/^(non)?voluntary_ctxt_switches:/ { s += $2 } END { print s + 0 }'
}
children_ticks() { sed 's/^.*) //' /proc/$$/stat | awk '{ print $14 + $15 }'; }
# busy (user+nice+system) and total ticks of one core, from /proc/stat.
core_ticks() { awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

to_ms() { # wrk latency such as 812.00us, 1.20ms, 1.01s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

cat > "$WORK/ids.lua" <<LUA
-- GET /couriers/{id} over $ID_COUNT courier ids, one after the other.
local requests, i = {}, 0
function init(args)
  for n = 1, $ID_COUNT do requests[n] = wrk.format("GET", "/couriers/" .. ($ID_FIRST - 1 + n)) end
end
function request()
  i = i % $ID_COUNT + 1
  return requests[i]
end
LUA

# The flags file as the current script's `flags` wrote it, with ftgo.version raised at every write (the gateway
# warns about an edit that does not raise it). Live below 100 %: the percentile allocation, live [0, p) and
# shadow [p, 100]; live 100 %: default_when_enabled live. The third argument is ftgo.shadow_sample_ratio, the
# share of reads copied to the other side and compared at shadow and live (0: no copies). The auto-rollback is
# off (AUTO_ROLLBACK=1 keeps it): the gateway counts a request its client gave up on as a new-side failure, and
# the requests in flight when a load run ends (or that a stall on core 1 makes wrk time out) can be enough to
# roll a stage back in the middle of the measurement. A stage that changes anyway is reported.
FLAGS_VERSION=0
FLAGS_EXTRA='' # more of the group's "ftgo" settings, e.g. ,"partitions":{"by":"restaurant"}
flags() { # stage [live-percent] [shadow-sample-ratio]
  local allocation="\"default_when_enabled\":\"$1\""
  if [[ $1 == live && ${2:-100} != 100 ]]; then
    allocation="\"default_when_enabled\":\"shadow\",\"percentile\":[{\"variant\":\"live\",\"from\":0,\"to\":$2},{\"variant\":\"shadow\",\"from\":$2,\"to\":100}]"
  fi
  FLAGS_VERSION=$(( FLAGS_VERSION + 1 ))
  local rollback=',"rollback":{"enabled":false}'
  if [[ $AUTO_ROLLBACK == 1 ]]; then rollback=''; fi
  cat > "$WORK/flags.tmp" <<JSON
{"ftgo":{"version":$FLAGS_VERSION},"feature_management":{"feature_flags":[{"id":"delivery","enabled":true,
 "variants":[{"name":"off"},{"name":"dualwrite"},{"name":"shadow"},{"name":"live"},{"name":"rampdown"},{"name":"complete"}],
 "allocation":{$allocation,"seed":"ftgo:delivery"},"ftgo":{"shadow_sample_ratio":${3:-1.0}$rollback$FLAGS_EXTRA}}]}}
JSON
  mv "$WORK/flags.tmp" "$WORK/flags.json"
}

group_report() { # file [port]
  curl -fs -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:${2:-$GATEWAY_PORT}/_strangler/groups/delivery" > "$1" \
    || die "the gateway's admin API did not answer GET /_strangler/groups/delivery"
}

# Sets the delivery group's stage through the flags file and waits until the admin API reports it
# (stage, percent at live, and sample ratio: live 50 → live 100 keeps the stage name), by the gateway on
# each port given (GATEWAY_PORT by default; an interleaved pair reads the same flags file).
set_stage() { # stage percent ratio [port…]
  flags "$1" "$2" "$3"
  local want_percent=0 port ports=("${@:4}"); [[ $1 == live ]] && want_percent=$2
  (( ${#ports[@]} )) || ports=("$GATEWAY_PORT")
  for port in "${ports[@]}"; do wait_stage "$1" "$want_percent" "$3" "$port"; done
}
wait_stage() { # stage percent ratio port
  local want_percent=$2
  for _ in $(seq 1 100); do
    group_report "$WORK/group.json" "$4"
    jq -e --arg s "$1" --argjson p "$want_percent" --argjson r "$3" --argjson rb "$([[ $AUTO_ROLLBACK == 1 ]] && echo true || echo false)" \
      '.stage == $s and .percent == $p and .shadowSampleRatio == $r and .rollback.enabled == $rb' "$WORK/group.json" >/dev/null && return 0
    sleep 0.1
  done
  die "the gateway on :$4 did not reach stage $1 (percent $2, shadow sample ratio $3) in 10 s: $(jq -c '{stage, percent, shadowSampleRatio, rollback: .rollback.enabled}' "$WORK/group.json")"
}

# ---------------------------------------------------------------------------------------------------- servers
# One nginx worker on core 1's config, with the given server blocks inside its http block.
nginx_config() { # dir server-blocks
  local dir=$1
  mkdir -p "$dir/logs"
  cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
$2
}
CONF
}

# A server just started in the background: kept for the cleanup, and waited for until it answers.
launched() { # pid url log
  PIDS+=("$1")
  wait_for "$2" "$1" "$3"
}

start_static() {
  local dir="$WORK/nginx-static"
  nginx_config "$dir" "$(cat <<CONF
  # The static backend: the courier's JSON, as the monolith answers it (also /healthz for the gateway's probes).
  server {
    listen 127.0.0.1:$STATIC_PORT backlog=4096;
    location / { default_type application/json; return 200 '$BODY'; }
    # The monolith's partition lookup (gateway-live50-partition): order n is restaurant n's.
    location /_ftgo/partitions/restaurant { default_type application/json; return 200 '{"order":\$arg_order,"partition":"\$arg_order"}'; }
  }
CONF
)"
  setsid taskset -c 1 nginx -c "$dir/nginx.conf" -p "$dir" >"$dir/stdout.log" 2>&1 &
  STATIC_PID=$!
  launched "$STATIC_PID" "http://127.0.0.1:$STATIC_PORT/couriers/$ID_FIRST" "$dir/logs/error.log"
}

start_nginx() {
  local dir="$WORK/nginx-proxy"
  nginx_config "$dir" "$(cat <<CONF
  upstream backend { server 127.0.0.1:$STATIC_PORT; keepalive 128; }
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
CONF
)"
  setsid taskset -c 1 nginx -c "$dir/nginx.conf" -p "$dir" >"$dir/stdout.log" 2>&1 &
  SERVER_PID=$!
  SERVER_LOG=
  launched "$SERVER_PID" "http://127.0.0.1:$NGINX_PORT/couriers/$ID_FIRST" "$dir/logs/error.log"
}

start_bare() {
  (cd "$HERE/BareYarp/bin/Release/net10.0" && exec setsid env ASPNETCORE_ENVIRONMENT=Production "${DOTNET_ENV[@]}" taskset -c 1 \
    dotnet BareYarp.dll --urls "http://127.0.0.1:$BARE_PORT" --Backend "http://127.0.0.1:$STATIC_PORT" \
    --Logging:LogLevel:Default=Warning >"$WORK/bare.log" 2>&1) &
  SERVER_PID=$!
  SERVER_LOG=$WORK/bare.log
  FRESH=1
  launched "$SERVER_PID" "http://127.0.0.1:$BARE_PORT/couriers/$ID_FIRST" "$SERVER_LOG"
}

start_gateway() { # [gateway arguments before GATEWAY_ARGS…]
  flags off
  start_gateway_at "$GATEWAY_PORT" gateway "$@"
}
# A gateway on the given port, with its own data folder and log ($WORK/<tag>, $WORK/<tag>.log), reading the flags
# file as it is (an interleaved pair starts two, which share it).
start_gateway_at() { # port tag [gateway arguments before GATEWAY_ARGS…]
  local port=$1 tag=$2; shift 2
  rm -rf "${WORK:?}/$tag"
  # From its own folder: appsettings.json (the route groups) is read from the content root.
  (cd "$GATEWAY_TREE/gateway/Ftgo.Gateway/bin/Release/net10.0" && exec setsid env ASPNETCORE_ENVIRONMENT=Production "${DOTNET_ENV[@]}" \
    ${SERVER_ENV[@]+"${SERVER_ENV[@]}"} taskset -c 1 \
    dotnet Ftgo.Gateway.dll --urls "http://127.0.0.1:$port" --Ftgo:DataFolder="$WORK/$tag" \
    --Ftgo:Flags:File="$WORK/flags.json" --Ftgo:Gateway:Legacy="http://127.0.0.1:$STATIC_PORT" \
    --Ftgo:Gateway:Kitchen="http://127.0.0.1:$STATIC_PORT" --Ftgo:Gateway:Delivery="http://127.0.0.1:$STATIC_PORT" \
    --Ftgo:Gateway:AdminToken="$ADMIN_TOKEN" --Logging:LogLevel:Default=Warning "$@" "${GATEWAY_EXTRA[@]}" \
    >"$WORK/$tag.log" 2>&1) &
  SERVER_PID=$!
  SERVER_LOG=$WORK/$tag.log
  FRESH=1
  launched "$SERVER_PID" "http://127.0.0.1:$port/couriers/$ID_FIRST" "$SERVER_LOG"
}

stop_server() {
  stop "$SERVER_PID"
  if [[ -n ${SERVER_LOG:-} && -f $SERVER_LOG ]]; then
    # Warnings and errors the server logged (the gateway's development signing key aside), once each.
    local logged
    logged=$(grep -A1 -E '^(warn|fail|crit):' "$SERVER_LOG" | grep -v -E '^(--|warn|fail|crit):' | grep -v 'Ftgo:Auth:KeyFolder is not set' \
             | sed 's/^ *//' | sort | uniq -c | sort -rn | head -n 5 || true)
    [[ -z $logged ]] || { echo "   the server logged (count, message):"; sed 's/^/     /' <<< "$logged"; }
  fi
  SERVER_LOG=
  local kept=() pid
  for pid in "${PIDS[@]}"; do [[ $pid != "$SERVER_PID" ]] && kept+=("$pid"); done
  PIDS=("${kept[@]}")
  SERVER_PID=
}

# What a few requests over 20 courier ids answer: status codes and X-Ftgo-Origin, e.g. "200 legacy ×10, 200 delivery ×10".
probe() { # name url-prefix
  local i lines out
  lines=$(for i in $(seq 0 19); do
            curl -s -m 10 -o /dev/null -w '%{http_code} %header{x-ftgo-origin}\n' "$2/couriers/$(( ID_FIRST + i * (ID_COUNT / 20) ))" || true
          done)
  out=$(sort <<< "$lines" | uniq -c | awk '{ o = ($3 == "") ? "-" : $3; printf "%s%s %s ×%d", (NR > 1 ? ", " : ""), $2, o, $1 }')
  grep -qv '^000' <<< "$lines" || die "$1 does not answer at $2 (probe: $out)"
  echo "   $1 probe (status origin ×count over 20 ids): $out"
  if grep -qv '^2' <<< "$lines"; then warn "$1 answered non-2xx (or not at all) to the probe: $out"; fi
  return 0
}

# --------------------------------------------------------------------------------------------- closed loop
declare -A RPS P99 CPU ERRS OTHER GOALNOTE
# wrk runs in the background and is waited for, so that Ctrl-C stops the script at once (wrk itself ignores
# SIGINT, and bash runs a trap only after a foreground command ends); the trap's cleanup stops it.
wrk_run() { # duration url output
  taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d"$1" --latency -s "$WORK/ids.lua" "$2" > "$3" 2>&1 &
  LOADGEN_PIDS=($!)
  wait "${LOADGEN_PIDS[0]}" || { cat "$3" >&2; die "wrk failed against $2"; }
  LOADGEN_PIDS=()
}

# Load that is not measured, in steps of at most 10 s whose req/s are printed: a .NET process only reaches its
# steady state after about a minute of load here (tiered compilation with dynamic PGO on one core: bare YARP went
# from 11k to 36k req/s, the gateway at off from 7.5k to 27k, between 40 and 70 s after its start), and a stage
# change puts new code on the path (shadow 0.1 dipped for ~15 s). Without it the first targets read cold.
warm_up() { # name url duration label
  # At least the given duration, then on until two steps in a row agree within 5 % (at most WARMUP_MORE more):
  # a stage change puts code on the path that has not been compiled at its final tier yet (live's new-side
  # path read 17-20k req/s 15 s after the change, 27k once warm).
  local left step steps=() values=() n extra=0
  left=$(seconds "$3")
  while (( left > 0 )) || { (( extra < $(seconds "$WARMUP_MORE") )) && ! steady "${values[@]}"; }; do
    step=$(( left > 0 && left < 10 ? left : 10 ))
    wrk_run "${step}s" "$2" "$WORK/warmup.txt"
    n=$(awk '/Requests\/sec/ { printf "%.1fk", $2 / 1000 }' "$WORK/warmup.txt")
    [[ $(awk '/requests in/ { print $1 }' "$WORK/warmup.txt") -gt 0 ]] || { cat "$WORK/warmup.txt" >&2; die "$1 answered no request in the warm-up"; }
    steps+=("$n"); values+=("$(awk '/Requests\/sec/ { print $2 }' "$WORK/warmup.txt")")
    if (( left > 0 )); then left=$(( left - step )); else extra=$(( extra + step )); fi
  done
  echo "   $1 warm-up $3 (+${extra}s until steady; $4), req/s per step of <= 10 s: ${steps[*]}"
}

steady() { # req/s of the warm-up's steps: true when the last two agree within 5 %
  (( $# >= 2 )) && awk -v a="${@: -2:1}" -v b="${@: -1}" 'BEGIN { d = (b - a) / a; exit !(d < 0.05 && d > -0.05) }'
}

# One measured round of wrk against url: prints its line and leaves R_RPS, R_P99, R_CPU (us/req of the pids),
# R_OTHER, R_ERRS (non-2xx + socket errors) and R_ALLOC (bytes allocated per request, ALLOCS=1); R_RPS empty when
# nothing was answered (already warned about).
measure_round() { # name url round pid…
  local name=$1 url=$2 r=$3; shift 3
  local pids=("$@") c0 c1 g0 g1 k0 k1 requests rps p99 non2xx sockerr cpu busy total ours gen other
  R_RPS=; R_P99=; R_CPU=; R_OTHER=; R_ERRS=1; R_ALLOC=
  c0=$(proc_ticks "${pids[@]}" "$STATIC_PID"); g0=$(children_ticks); read -r busy total <<< "$(core_ticks 1)"; k0="$busy $total"
  local p0 s0 s1 perf_pid=""; p0=$(proc_ticks "${pids[@]}"); s0=$(proc_switches "${pids[@]}")
  if [[ $SYSCALLS == 1 ]]; then
    perf stat -x, -e raw_syscalls:sys_enter -p "$(IFS=,; echo "${pids[*]}")" -o "$WORK/perf.txt" &
    perf_pid=$!
  fi
  local counters_pid=""
  if [[ $ALLOCS == 1 ]]; then
    rm -f "$WORK/counters.csv"
    # For the round's duration: a background job of a script ignores SIGINT, which is what stops dotnet-counters.
    dotnet-counters collect -p "${pids[0]}" --counters System.Runtime --refresh-interval 1 --format csv -o "$WORK/counters.csv" \
      --duration "$(printf '00:00:%02d:%02d' $(( $(seconds "$DURATION") / 60 )) $(( $(seconds "$DURATION") % 60 )))" > /dev/null 2>&1 &
    counters_pid=$!
  fi
  wrk_run "$DURATION" "$url" "$WORK/round.txt"
  local p1; p1=$(proc_ticks "${pids[@]}"); s1=$(proc_switches "${pids[@]}")
  local allocs=""
  if [[ -n $counters_pid ]]; then
    wait "$counters_pid" || true
    # The allocation counter's increments per refresh interval, summed over the round (+-1 s at its ends).
    allocs=$(awk -F, 'tolower($3) ~ /allocated|allocation rate/ { s += $5 } END { print s + 0 }' "$WORK/counters.csv" 2>/dev/null || echo 0)
  fi
  local syscalls=""
  if [[ -n $perf_pid ]]; then
    kill -INT "$perf_pid"; wait "$perf_pid" || true
    syscalls=$(awk -F, '/raw_syscalls/ { print $1 }' "$WORK/perf.txt")
  fi
  c1=$(proc_ticks "${pids[@]}" "$STATIC_PID"); g1=$(children_ticks); read -r busy total <<< "$(core_ticks 1)"; k1="$busy $total"
  requests=$(awk '/requests in/ { print $1 }' "$WORK/round.txt")
  rps=$(awk '/Requests\/sec/ { print $2 }' "$WORK/round.txt")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/round.txt")")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$WORK/round.txt"); non2xx=${non2xx:-0}
  sockerr=$(awk '/Socket errors/ { gsub(/[^0-9 ]/, " "); s = 0; for (i = 1; i <= NF; i++) s += $i; print s }' "$WORK/round.txt"); sockerr=${sockerr:-0}
  if [[ ${requests:-0} -eq 0 ]]; then
    warn "$name answered no request in round $r of $DURATION (a stalled server or core 1 taken by another workload)"
    return 0
  fi
  cpu=$(awk -v t=$(( p1 - p0 )) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.2f", t * 1e6 / hz / n }')
  # Core 1's user+system time not spent by the proxy or the static backend: another workload competing.
  read -r k0b k0t <<< "$k0"; read -r k1b k1t <<< "$k1"
  ours=$(( c1 - c0 ))
  other=$(awk -v b=$(( k1b - k0b )) -v t=$(( k1t - k0t )) -v o="$ours" 'BEGIN { v = t > 0 ? (b - o) * 100 / t : 0; if (v < 0) v = 0; if (v > 100) v = 100; printf "%.0f", v }')
  gen=$(( g1 - g0 ))
  printf "   %-30s round %d: %9s req/s  p99 %7s ms  CPU %7s us/req  switches %s/req%s  non-2xx %s  socket errors %s  core-1 other %s %%  wrk CPU %s %%\n" \
    "$name" "$r" "$rps" "$p99" "$cpu" "$(awk -v s=$(( s1 - s0 )) -v n="$requests" 'BEGIN { printf "%.3f", s / n }')" \
    "$([[ -n $syscalls ]] && awk -v s="$syscalls" -v n="$requests" 'BEGIN { printf "  syscalls %.2f/req", s / n }')$([[ -n $allocs ]] && awk -v s="$allocs" -v n="$requests" 'BEGIN { printf "  allocated %.0f B/req", s / n }')" \
    "$non2xx" "$sockerr" "$other" \
    "$(awk -v g="$gen" -v hz="$CLK_TCK" -v d="$(seconds "$DURATION")" 'BEGIN { printf "%.0f", g * 100 / hz / d }')"
  R_RPS=$rps; R_P99=$p99; R_CPU=$cpu; R_OTHER=$other; R_ERRS=$(( non2xx + sockerr ))
  [[ -z $allocs ]] || R_ALLOC=$(awk -v s="$allocs" -v n="$requests" 'BEGIN { printf "%.0f", s / n }')
}

closed_loop() { # name url pid…
  local name=$1 url=$2; shift 2
  local pids=("$@") r
  if [[ ${FRESH:-0} == 1 ]]; then
    warm_up "$name" "$url" "$WARMUP_START" "the process has just started"; FRESH=0
  else
    warm_up "$name" "$url" "$WARMUP" "$([[ $name == gateway-* ]] && echo "after the stage change" || echo "before the rounds")"
  fi
  local rps_list=() p99_list=() cpu_list=() other_list=() errs=0
  for r in $(seq 1 "$ROUNDS_N"); do
    measure_round "$name" "$url" "$r" "${pids[@]}"
    if [[ -z $R_RPS ]]; then rps_list+=(0); errs=$(( errs + 1 )); continue; fi
    rps_list+=("$R_RPS"); p99_list+=("$R_P99"); cpu_list+=("$R_CPU"); other_list+=("$R_OTHER")
    errs=$(( errs + R_ERRS ))
  done
  curl -fs -o /dev/null "$url" || die "$name no longer answers $url after its rounds"
  RPS[$name]=$(printf '%s\n' "${rps_list[@]}" | median)
  P99[$name]=$( ((${#p99_list[@]})) && printf '%s\n' "${p99_list[@]}" | median || echo nan)
  CPU[$name]=$( ((${#cpu_list[@]})) && printf '%s\n' "${cpu_list[@]}" | median || echo nan)
  OTHER[$name]=$( ((${#other_list[@]})) && printf '%s\n' "${other_list[@]}" | median || echo nan)
  ERRS[$name]=$errs
  (( errs == 0 )) || warn "$name: $errs non-2xx answers or socket errors during the measured rounds (see the rounds above)"
}

# The delivery group's counters during a gateway target's rounds: who answered, shadow copies, fallbacks.
gateway_report() { # name before.json after.json stage percent ratio
  jq -r -n --slurpfile a "$2" --slurpfile b "$3" --arg name "$1" '
    ($a[0]) as $x | ($b[0]) as $y
    | ($y.origins | to_entries | map({ key, d: (.value.requests - ($x.origins[.key].requests // 0)),
                                       e: (.value.serverErrors - ($x.origins[.key].serverErrors // 0)) })) as $o
    | ($o | map(.d) | add // 0) as $n
    | "   \($name) answered by: " + ([$o[] | select(.d > 0) | "\(.key) \(.d) (\(if $n > 0 then (.d * 1000 / $n | round / 10) else 0 end) %, 5xx \(.e))"] | join(", "))
      + " | shadow copies compared \($y.compared - $x.compared), dropped \($y.dropped - $x.dropped), errors \($y.shadowErrors - $x.shadowErrors)"
      + " | fallbacks \($y.fallbacks - $x.fallbacks) | rollbacks \($y.rollbacks - $x.rollbacks)"'
  local want_percent=0; [[ $4 == live ]] && want_percent=$5
  jq -e --arg s "$4" --argjson p "$want_percent" --argjson r "$6" --argjson rb "$(jq '.rollbacks' "$2")" \
    '.stage == $s and .percent == $p and .shadowSampleRatio == $r and .rollbacks == $rb' "$3" >/dev/null \
    || warn "$1: the delivery group is no longer at $4 $5 % (ratio $6) after the rounds: $(jq -c '{stage, percent, shadowSampleRatio, rollbacks, lastRollback}' "$3")"
}

gateway_target() { # name stage percent ratio
  local name=$1 url="http://127.0.0.1:$GATEWAY_PORT"
  set_stage "$2" "$3" "$4"
  echo "== $name (stage $2$([[ $2 == live ]] && echo " $3 %"), shadow sample ratio $4)"
  probe "$name" "$url"
  group_report "$WORK/before.json"
  closed_loop "$name" "$url/couriers/$ID_FIRST" "$SERVER_PID"
  group_report "$WORK/after.json"
  gateway_report "$name" "$WORK/before.json" "$WORK/after.json" "$2" "$3" "$4"
}

# ----------------------------------------------------------------------------------------------- open loop
declare -A OPEN_P50 OPEN_P99 OPEN_P999 OPEN_RATE OPEN_OK OPEN_CPU OPEN_GEN OPEN_OTHER RATES=()
BASE_RPS=
open_rates() {
  [[ -n $BASE_RPS ]] && return 0
  BASE_RPS=${OPEN_BASE_RPS:-${RPS[nginx]:-}}
  [[ -n $BASE_RPS ]] || die "no nginx capacity to base the fixed rates on"
  local share
  for share in "${SHARES[@]}"; do RATES[$share]=$(awk -v b="$BASE_RPS" -v s="$share" 'BEGIN { printf "%d", b * s / 100 }'); done
}

# hey: HEY_PROCS processes of OPEN_CONNECTIONS/HEY_PROCS workers, each worker paced at rate/OPEN_CONNECTIONS
# per second, the processes started a fraction of a tick apart; process k asks for courier ids[k].
open_run() { # name url-prefix rate pid ids…
  local name=$1 prefix=$2 rate=$3 pid=$4; shift 4
  local ids=("$@") per_worker workers tick k p0 p1 n non2xx achieved g0 g1 c0 c1 k0b k0t k1b k1t
  workers=$(( OPEN_CONNECTIONS / HEY_PROCS ))
  per_worker=$(awk -v r="$rate" -v c="$OPEN_CONNECTIONS" 'BEGIN { printf "%.4f", r / c }')
  tick=$(awk -v q="$per_worker" -v p="$HEY_PROCS" 'BEGIN { printf "%.5f", 1 / q / p }')
  rm -f "$WORK"/hey-*.csv
  LOADGEN_PIDS=()
  p0=$(proc_ticks "$pid"); c0=$(proc_ticks "$pid" "$STATIC_PID"); g0=$(children_ticks); read -r k0b k0t <<< "$(core_ticks 1)"
  local started; started=$(date +%s.%N)
  for k in $(seq 0 $(( HEY_PROCS - 1 ))); do
    taskset -c 0 hey -cpus 1 -c "$workers" -q "$per_worker" -z "$OPEN_DURATION" -o csv \
      "$prefix/couriers/${ids[$(( k % ${#ids[@]} ))]}" > "$WORK/hey-$k.csv" 2> "$WORK/hey-$k.err" &
    LOADGEN_PIDS+=($!)
    sleep "$tick"
  done
  for k in "${LOADGEN_PIDS[@]}"; do wait "$k" || { cat "$WORK"/hey-*.err >&2; die "hey failed against $prefix"; }; done
  LOADGEN_PIDS=()
  p1=$(proc_ticks "$pid"); c1=$(proc_ticks "$pid" "$STATIC_PID"); g1=$(children_ticks); read -r k1b k1t <<< "$(core_ticks 1)"
  local wall; wall=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
  # csv: response-time (s), DNS+dialup, DNS, request-write, response-delay, response-read, status-code, offset
  cat "$WORK"/hey-*.csv | awk -F, '$1 ~ /^[0-9.]+$/ { print $1 * 1000, $7 }' | sort -g > "$WORK/open.txt"
  n=$(wc -l < "$WORK/open.txt")
  local key="$name@$rate"
  if (( n == 0 )); then
    OPEN_P50[$key]=-; OPEN_P99[$key]=-; OPEN_P999[$key]=-; OPEN_RATE[$key]=0; OPEN_CPU[$key]=-; OPEN_GEN[$key]=-; OPEN_OTHER[$key]=-
    OPEN_OK[$key]=NO-ANSWER
    warn "$name answered no request at $rate req/s in $OPEN_DURATION (hey leaves failed requests out of its csv; hey said: $(cat "$WORK"/hey-*.err | sort | uniq -c | head -n 3 | tr -s ' \n' ' '))"
    return 0
  fi
  non2xx=$(awk '$2 !~ /^2/ { c++ } END { print c + 0 }' "$WORK/open.txt")
  achieved=$(awk -v n="$n" -v d="$OPEN_SECONDS" 'BEGIN { printf "%.0f", n / d }')
  OPEN_P50[$key]=$(awk -v n="$n" 'NR == int(n * 0.5 + 0.5) { printf "%.2f", $1 }' "$WORK/open.txt")
  OPEN_P99[$key]=$(awk -v n="$n" 'NR == int(n * 0.99 + 0.5) { printf "%.2f", $1 }' "$WORK/open.txt")
  OPEN_P999[$key]=$(awk -v n="$n" 'NR == int(n * 0.999 + 0.5) { printf "%.2f", $1 }' "$WORK/open.txt")
  OPEN_RATE[$key]=$achieved
  OPEN_CPU[$key]=$(awk -v t=$(( p1 - p0 )) -v hz="$CLK_TCK" -v n="$n" 'BEGIN { printf "%.2f", t * 1e6 / hz / n }')
  # hey's CPU (its processes, reaped by this shell) as a share of core 0; core 1's time not spent by ours.
  OPEN_GEN[$key]=$(awk -v g=$(( g1 - g0 )) -v hz="$CLK_TCK" -v d="$wall" 'BEGIN { printf "%.0f", g * 100 / hz / d }')
  OPEN_OTHER[$key]=$(awk -v b=$(( k1b - k0b )) -v t=$(( k1t - k0t )) -v o=$(( c1 - c0 )) 'BEGIN { v = t > 0 ? (b - o) * 100 / t : 0; if (v < 0) v = 0; if (v > 100) v = 100; printf "%.0f", v }')
  OPEN_OK[$key]=ok
  if awk -v a="$achieved" -v r="$rate" 'BEGIN { exit !(a < 0.97 * r) }'; then
    if (( OPEN_GEN[$key] >= 80 )); then
      OPEN_OK[$key]=GENERATOR-LIMIT
      warn "$name at $rate req/s: only $achieved req/s done, hey used ${OPEN_GEN[$key]} % of core 0: the generator cannot keep this rate, the row is not valid"
    else
      OPEN_OK[$key]=NOT-KEPT
      warn "$name at $rate req/s: only $achieved req/s done (hey at ${OPEN_GEN[$key]} % of core 0, so not the generator): the server did not keep the rate (saturated or stalled; core 1 other ${OPEN_OTHER[$key]} %), its latencies are not those of this rate"
    fi
  fi
  if (( non2xx > 0 )); then
    OPEN_OK[$key]="${OPEN_OK[$key]},${non2xx}x-non-2xx"
    warn "$name at $rate req/s: $non2xx non-2xx answers"
  fi
  printf "   %-30s %6s req/s fixed: done %6s req/s  p50 %6s  p99 %6s  p99.9 %7s ms  CPU %6s us/req  hey CPU %3s %%  core-1 other %3s %%  %s\n" \
    "$name" "$rate" "$achieved" "${OPEN_P50[$key]}" "${OPEN_P99[$key]}" "${OPEN_P999[$key]}" "${OPEN_CPU[$key]}" "${OPEN_GEN[$key]}" "${OPEN_OTHER[$key]}" "${OPEN_OK[$key]}"
}

open_loop() { # name url-prefix pid ids…
  local name=$1 prefix=$2 pid=$3 share; shift 3
  open_rates
  echo "== $name, fixed rates (hey: $HEY_PROCS processes × $(( OPEN_CONNECTIONS / HEY_PROCS )) workers, $OPEN_DURATION each)"
  for share in "${SHARES[@]}"; do open_run "$name" "$prefix" "${RATES[$share]}" "$pid" "$@"; done
}

# Courier ids for the open loop: one per hey process. At live 50 % half of them must be answered by each side.
plain_ids() { local k; for k in $(seq 0 $(( HEY_PROCS - 1 ))); do echo $(( ID_FIRST + k )); done; }
balanced_ids() { # gateway url prefix: ids whose X-Ftgo-Origin splits evenly between legacy and the new side
  local id origin new=() old=()
  for id in $(seq "$ID_FIRST" $(( ID_FIRST + 199 ))); do
    origin=$(curl -s -o /dev/null -w '%header{x-ftgo-origin}' "$1/couriers/$id")
    if [[ $origin == legacy ]]; then old+=("$id"); else new+=("$id"); fi
  done
  local half=$(( HEY_PROCS / 2 )) rest=$(( HEY_PROCS - HEY_PROCS / 2 ))
  (( ${#new[@]} >= half && ${#old[@]} >= rest )) || die "live 50 % split 200 ids into ${#new[@]} new and ${#old[@]} legacy: cannot balance"
  printf '%s\n' "${new[@]:0:$half}" "${old[@]:0:$rest}"
}

# -------------------------------------------------------------------------------------------------- header
for port in "$STATIC_PORT" "$NGINX_PORT" "$BARE_PORT" "$GATEWAY_PORT" "$GATEWAY_B_PORT"; do port_free "$port"; done
git_commit() { # [work tree]
  local c tree=${1:-$ROOT}; c=$(git -C "$tree" rev-parse --short HEAD); [[ -z $(git -C "$tree" status --porcelain) ]] || c="$c+uncommitted"; echo "$c"; }
echo "== Ftgo gateway benchmark, $(date -Is)"
echo "   machine: nproc $(nproc), $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg); commit $(git_commit)"
echo "   dotnet SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" { v = $2 } END { print "Microsoft.AspNetCore.App " v }'),"\
     "YARP $(sed -n 's/.*"Yarp.ReverseProxy" Version="\([^"]*\)".*/\1/p' "$ROOT/Directory.Packages.props"); $(nginx -v 2>&1 | sed 's/nginx version: //'),"\
     "wrk $(dpkg-query -W -f '${Version}' wrk 2>/dev/null || echo '?'), hey $(dpkg-query -W -f '${Version}' hey 2>/dev/null || echo '?')"
echo "   settings: DURATION=$DURATION ROUNDS_N=$ROUNDS_N CONNECTIONS=$CONNECTIONS WARMUP=$WARMUP WARMUP_START=$WARMUP_START WARMUP_MORE=$WARMUP_MORE OPEN=$OPEN OPEN_DURATION=$OPEN_DURATION"\
     "OPEN_SHARES=$OPEN_SHARES OPEN_CONNECTIONS=$OPEN_CONNECTIONS HEY_PROCS=$HEY_PROCS EXTRA=$EXTRA TARGETS=$TARGETS AUTO_ROLLBACK=$AUTO_ROLLBACK"\
     "TRACE_SAMPLE=${TRACE_SAMPLE:-(unset: the gateway default)} INTERLEAVE=${INTERLEAVE:-(off)} B_ARGS=${B_ARGS:-(none)} B_SETTINGS=${B_SETTINGS:-(none)} B_TREE=${B_TREE:-(none)}"
echo "   GATEWAY_ARGS: ${GATEWAY_ARGS:-(none)}"
echo "   DOTNET_SETTINGS (bare YARP and gateway alike): ${DOTNET_SETTINGS:-(none)}"
echo "   inherited DOTNET_/ASPNETCORE_ environment: $(env | grep -E '^(DOTNET|ASPNETCORE|COMPlus)_' | sort | tr '\n' ' ')"
read -r b0a t0a <<< "$(core_ticks 0)"; read -r b1a t1a <<< "$(core_ticks 1)"; sleep 2
read -r b0b t0b <<< "$(core_ticks 0)"; read -r b1b t1b <<< "$(core_ticks 1)"
echo "   before the run, other work on the machine: core 0 $(( (b0b - b0a) * 100 / (t0b - t0a > 0 ? t0b - t0a : 1) )) % busy," \
     "core 1 $(( (b1b - b1a) * 100 / (t1b - t1a > 0 ? t1b - t1a : 1) )) % busy (both should be near 0 for numbers worth keeping)"
echo "   request: GET /couriers/{id}, ids $ID_FIRST-$(( ID_FIRST + ID_COUNT - 1 )) in turn; static backend answers $(printf '%s' "$BODY" | wc -c) bytes of JSON"
echo "   gateway: courier route ByCourierRegistrar=false (the stage's percent splits by cohort); live targets at shadow sample ratio 0;"\
     "auto-rollback $([[ $AUTO_ROLLBACK == 1 ]] && echo on || echo "off (AUTO_ROLLBACK=1 turns it on)")"
echo "   goal: gateway throughput >= 0.9x bare YARP and CPU/request <= 1.1x bare YARP at every stage (shadow 1.0: throughput >= 0.8x);"
echo "         fixed rate at 50 % of nginx: gateway p99 <= nginx p99 + 1 ms and <= 1.2x nginx p99"

# --------------------------------------------------------------------------------------------------- build
echo "== building (Release)"
for project in "$ROOT/gateway/Ftgo.Gateway" "$HERE/BareYarp/BareYarp.csproj" ${B_TREE:+"$B_TREE/gateway/Ftgo.Gateway"}; do
  dotnet build "$project" -c Release -nodeReuse:false -v q -nologo > "$WORK/build.log" 2>&1 \
    || { tail -n 30 "$WORK/build.log" >&2; die "building $project failed (log above)"; }
done

start_static
echo "   static backend on :$STATIC_PORT (pid $STATIC_PID, core 1)"
echo "== closed loop: warm-up $WARMUP_START after a .NET process starts, $WARMUP otherwise, then $ROUNDS_N x wrk -t1 -c$CONNECTIONS -d$DURATION"\
     "(wrk on core 0, servers on core 1)"

if selected nginx || { [[ $OPEN == 1 && -z $OPEN_BASE_RPS ]] && [[ -n $(for t in "${OPEN_ORDER[@]}"; do selected "$t" && echo y; done) ]]; }; then
  selected nginx || echo "   (nginx is measured anyway: the fixed rates are shares of its req/s; set OPEN_BASE_RPS to skip it)"
  start_nginx
  echo "== nginx (keepalive reverse proxy, pid $SERVER_PID)"
  probe nginx "http://127.0.0.1:$NGINX_PORT"
  closed_loop nginx "http://127.0.0.1:$NGINX_PORT/couriers/$ID_FIRST" "$SERVER_PID"
  open_selected nginx && mapfile -t IDS < <(plain_ids) && open_loop nginx "http://127.0.0.1:$NGINX_PORT" "$SERVER_PID" "${IDS[@]}"
  stop_server
fi

if selected bare-yarp; then
  start_bare
  echo "== bare-yarp (pid $SERVER_PID)"
  probe bare-yarp "http://127.0.0.1:$BARE_PORT"
  closed_loop bare-yarp "http://127.0.0.1:$BARE_PORT/couriers/$ID_FIRST" "$SERVER_PID"
  open_selected bare-yarp && mapfile -t IDS < <(plain_ids) && open_loop bare-yarp "http://127.0.0.1:$BARE_PORT" "$SERVER_PID" "${IDS[@]}"
  stop_server
fi

if [[ -n $(for t in "${CLOSED_ORDER[@]:2}"; do selected "$t" && echo y; done) ]]; then
  start_gateway --Ftgo:Gateway:Groups:delivery:Routes:2:ByCourierRegistrar=false
  echo "== gateway started (pid $SERVER_PID)"
  for target in "${CLOSED_ORDER[@]:2}"; do
    selected "$target" || continue
    read -r stage percent sample <<< "${STAGE_OF[$target]}"
    gateway_target "$target" "$stage" "$percent" "$sample"
    if open_selected "$target"; then
      if [[ $target == gateway-live50 ]]; then mapfile -t IDS < <(balanced_ids "http://127.0.0.1:$GATEWAY_PORT")
      else mapfile -t IDS < <(plain_ids); fi
      [[ ${#IDS[@]} -gt 0 ]] || die "no courier ids for the fixed-rate run of $target"
      open_loop "$target" "http://127.0.0.1:$GATEWAY_PORT" "$SERVER_PID" "${IDS[@]}"
    fi
  done
  stop_server
fi

if selected gateway-off-sync-disabled; then
  start_gateway --Ftgo:Gateway:Groups:delivery:Routes:2:ByCourierRegistrar=false --Ftgo:Gateway:Sync:Enabled=false
  gateway_target gateway-off-sync-disabled off 0 0
  stop_server
fi
# Tracing on, as a team turns it on (a collector named, the default sample ratio unless TRACE_SAMPLE says otherwise): the
# spans are exported to the static nginx, which answers every POST /v1/traces 200 as a collector would. Naming a
# collector also turns on the OTLP metrics exporter (glue/Ftgo.Hosting/Telemetry/FtgoTelemetry.cs), so "traced" is
# traces and metrics, as a deployment with a collector runs; the untraced gateway registers neither.
TRACED=(--OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$STATIC_PORT" --OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)
if [[ -n ${TRACE_SAMPLE:-} ]]; then TRACED+=(--Ftgo:Telemetry:TraceSampleRatio="$TRACE_SAMPLE"); fi
if selected gateway-off-traced; then
  start_gateway --Ftgo:Gateway:Groups:delivery:Routes:2:ByCourierRegistrar=false "${TRACED[@]}"
  gateway_target gateway-off-traced off 0 0
  stop_server
fi
if selected gateway-live50-traced; then
  start_gateway --Ftgo:Gateway:Groups:delivery:Routes:2:ByCourierRegistrar=false "${TRACED[@]}"
  gateway_target gateway-live50-traced live 50 0
  stop_server
fi
if selected gateway-live50-partition; then
  # The group split by restaurant (no lists: live 50 % of the restaurants' hashes). The courier route names its id {orderId}
  # here, so each request's partition is its order's restaurant: asked of the monolith's lookup (the static backend, which
  # answers order n's restaurant as n: 1,000 partitions) once per id, then read from the gateway's cache.
  FLAGS_EXTRA=',"partitions":{"by":"restaurant"}'
  start_gateway --Ftgo:Gateway:Groups:delivery:Routes:2:ByCourierRegistrar=false \
    '--Ftgo:Gateway:Groups:delivery:Routes:2:Path=/couriers/{orderId:long}'
  gateway_target gateway-live50-partition live 50 0
  stop_server
  FLAGS_EXTRA=''
fi
if selected gateway-live50-by-registrar; then
  # The shipped rule: ids below Ftgo:Delivery:CourierIdStart are the monolith's couriers, answered by legacy at any percent.
  start_gateway
  gateway_target gateway-live50-by-registrar live 50 0
  stop_server
fi

# ------------------------------------------------------------------------------------------------ interleaved
# The arguments each gateway target is started with above, for the interleaved pair.
target_args() { # target: sets TARGET_ARGS
  TARGET_ARGS=(--Ftgo:Gateway:Groups:delivery:Routes:2:ByCourierRegistrar=false)
  case $1 in
    gateway-off-sync-disabled) TARGET_ARGS+=(--Ftgo:Gateway:Sync:Enabled=false) ;;
    gateway-live50-by-registrar) TARGET_ARGS=() ;;
    *-traced) TARGET_ARGS+=("${TRACED[@]}") ;;
  esac
}
# Both gateways of the pair run at once on core 1 (the idle one costs next to nothing), each warmed up as after a
# start; then ROUNDS_N pairs of rounds, A then B and B then A in turn (ABBA…), so that a drift of the machine
# cancels within a pair and its linear part over pairs too. Per pair: B/A of req/s and of CPU per request.
declare -a PAIR_RPS=() PAIR_CPU=() PAIR_ALLOC=()
interleave() { # A B
  local a=$1 b=$2 stage percent sample pid_a pid_b log_a log_b url_a url_b r first gateways
  read -r stage percent sample <<< "${STAGE_OF[$b]}"
  flags "$stage" "$percent" "$sample"
  if [[ $a == bare-yarp ]]; then
    start_bare; url_a="http://127.0.0.1:$BARE_PORT"; gateways=("$GATEWAY_B_PORT")
  else
    target_args "$a"; start_gateway_at "$GATEWAY_PORT" gateway-a "${TARGET_ARGS[@]}"
    url_a="http://127.0.0.1:$GATEWAY_PORT"; gateways=("$GATEWAY_PORT" "$GATEWAY_B_PORT")
  fi
  pid_a=$SERVER_PID; log_a=$SERVER_LOG
  SERVER_ENV=("${B_ENV[@]}"); GATEWAY_TREE=${B_TREE:-$ROOT}
  target_args "$b"; start_gateway_at "$GATEWAY_B_PORT" gateway-b "${TARGET_ARGS[@]}" "${B_EXTRA[@]}"; pid_b=$SERVER_PID; log_b=$SERVER_LOG
  SERVER_ENV=(); GATEWAY_TREE=$ROOT
  set_stage "$stage" "$percent" "$sample" "${gateways[@]}"
  url_b="http://127.0.0.1:$GATEWAY_B_PORT"
  echo "== interleaved, stage $stage$([[ $stage == live ]] && echo " $percent %"), shadow sample ratio $sample:"\
       "A = $a (pid $pid_a, ${url_a##*:}), B = $b${B_ARGS:+ $B_ARGS}${B_SETTINGS:+ $B_SETTINGS}${B_TREE:+ from $B_TREE at $(git_commit "$B_TREE")} (pid $pid_b, :$GATEWAY_B_PORT)"
  probe "A $a" "$url_a"; probe "B $b" "$url_b"
  [[ $a == bare-yarp ]] || group_report "$WORK/before-a.json" "$GATEWAY_PORT"
  group_report "$WORK/before-b.json" "$GATEWAY_B_PORT"
  warm_up "A $a" "$url_a/couriers/$ID_FIRST" "$WARMUP_START" "the process has just started"
  warm_up "B $b" "$url_b/couriers/$ID_FIRST" "$WARMUP_START" "the process has just started"
  local rps_a cpu_a rps_b cpu_b alloc_a alloc_b errs=0 order
  for r in $(seq 1 "$ROUNDS_N"); do
    if (( r % 2 )); then order="A B"; else order="B A"; fi
    rps_a=; rps_b=
    for first in $order; do
      if [[ $first == A ]]; then
        measure_round "A $a" "$url_a/couriers/$ID_FIRST" "$r" "$pid_a"; rps_a=$R_RPS; cpu_a=$R_CPU; alloc_a=$R_ALLOC
      else
        measure_round "B $b" "$url_b/couriers/$ID_FIRST" "$r" "$pid_b"; rps_b=$R_RPS; cpu_b=$R_CPU; alloc_b=$R_ALLOC
      fi
      errs=$(( errs + R_ERRS ))
    done
    if [[ -z $rps_a || -z $rps_b ]]; then continue; fi
    PAIR_RPS+=("$(awk -v a="$rps_a" -v b="$rps_b" 'BEGIN { printf "%.4f", b / a }')")
    PAIR_CPU+=("$(awk -v a="$cpu_a" -v b="$cpu_b" 'BEGIN { printf "%.4f", b / a }')")
    [[ -z $PAIRS_OUT ]] || echo "${PAIR_RPS[-1]} ${PAIR_CPU[-1]}" >> "$PAIRS_OUT"
    if [[ -n $alloc_a && -n $alloc_b ]]; then PAIR_ALLOC+=("$(awk -v a="$alloc_a" -v b="$alloc_b" 'BEGIN { printf "%.0f", b - a }')"); fi
    printf "   pair %2d (%s): B/A req/s %s, CPU/request %s%s\n" "$r" "${order/ /}" "${PAIR_RPS[-1]}" "${PAIR_CPU[-1]}" \
      "$([[ -n $alloc_a && -n $alloc_b ]] && echo ", allocated B-A ${PAIR_ALLOC[-1]} B/request")"
  done
  for url in "$url_a" "$url_b"; do
    curl -fs -o /dev/null "$url/couriers/$ID_FIRST" || die "$url no longer answers after its rounds"
  done
  if [[ $a != bare-yarp ]]; then
    group_report "$WORK/after-a.json" "$GATEWAY_PORT"
    gateway_report "A $a" "$WORK/before-a.json" "$WORK/after-a.json" "$stage" "$percent" "$sample"
  fi
  group_report "$WORK/after-b.json" "$GATEWAY_B_PORT"
  gateway_report "B $b" "$WORK/before-b.json" "$WORK/after-b.json" "$stage" "$percent" "$sample"
  (( errs == 0 )) || warn "interleaved $a,$b: $errs non-2xx answers or socket errors during the measured rounds (see the rounds above)"
  (( ${#PAIR_RPS[@]} == ROUNDS_N )) || warn "interleaved $a,$b: only ${#PAIR_RPS[@]} of $ROUNDS_N pairs have both rounds answered"
  SERVER_PID=$pid_b; SERVER_LOG=$log_b; stop_server
  SERVER_PID=$pid_a; SERVER_LOG=$log_a; stop_server
}
if [[ -n $INTERLEAVE ]]; then interleave "${PAIR[0]}" "${PAIR[1]}"; fi

# --------------------------------------------------------------------------------------------------- tables
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2fx", a / b }'; }
if [[ -n $INTERLEAVE && ${#PAIR_RPS[@]} -gt 0 ]]; then
  echo
  echo "== interleaved: A = ${PAIR[0]}, B = ${PAIR[1]}; ${#PAIR_RPS[@]} pairs of wrk -t1 -c$CONNECTIONS -d$DURATION, B/A per pair"
  pair_table
  if (( ${#PAIR_ALLOC[@]} > 0 )); then
    read -r med q1 q3 lo hi _ <<< "$(printf '%s\n' "${PAIR_ALLOC[@]}" | spread)"
    printf "   %-14s %8.0f %8.0f %8.0f %8.0f %8.0f  %s\n" "B-A bytes/req" "$med" "$q1" "$q3" "$lo" "$hi" "allocated per request (dotnet-counters, ALLOCS=1)"
  fi
  echo "   (a pair's two rounds run back to back; the spread is what the machine's drift and the neighbours' work left in the ratios)"
fi

if [[ -z $INTERLEAVE ]]; then
echo
echo "== closed loop: medians of $ROUNDS_N rounds of wrk -t1 -c$CONNECTIONS -d$DURATION after a warm-up ($WARMUP_START after a .NET process start, else $WARMUP)"
echo "   goal: gateway throughput >= 0.9x bare YARP (shadow 1.0: >= 0.8x) and CPU/request <= 1.1x bare YARP at every stage"
printf "   %-28s %10s %9s %9s %9s %11s %9s %10s %8s  %s\n" target "req/s" "vs nginx" "vs bare" "p99 ms" "CPU us/req" "CPU/bare" "non2xx+err" "other%" goal
for target in "${CLOSED_ORDER[@]}" "${EXTRA_ORDER[@]}"; do
  [[ -n ${RPS[$target]:-} ]] || continue
  goal=-
  if [[ $target == gateway-* && -n ${RPS[bare-yarp]:-} ]]; then
    floor=0.9; [[ $target == gateway-shadow-1.0 ]] && floor=0.8
    goal=$(awk -v r="${RPS[$target]}" -v br="${RPS[bare-yarp]}" -v c="${CPU[$target]}" -v bc="${CPU[bare-yarp]}" -v f="$floor" 'BEGIN {
      t = r / br; u = c / bc; m = ""
      if (t < f) m = sprintf("throughput %.2fx < %.1fx", t, f)
      if (u > 1.1) m = m (m == "" ? "" : ", ") sprintf("CPU %.2fx > 1.1x", u)
      print (m == "" ? "met" : "MISSED: " m) }')
  fi
  [[ ${ERRS[$target]} == 0 ]] || goal="INVALID (non-2xx/errors) $goal"
  printf "   %-28s %10.0f %9s %9s %9s %11s %9s %10s %8s  %s\n" "$target" "${RPS[$target]}" "$(ratio "${RPS[$target]}" "${RPS[nginx]:-}")" \
    "$(ratio "${RPS[$target]}" "${RPS[bare-yarp]:-}")" "${P99[$target]}" "${CPU[$target]}" "$(ratio "${CPU[$target]}" "${CPU[bare-yarp]:-}")" \
    "${ERRS[$target]}" "${OTHER[$target]}" "$goal"
done
echo "   (other% = core 1's user+system time not spent by the proxy or the static backend during the rounds: another workload competing)"
fi

if [[ $OPEN == 1 && ${#RATES[@]} -gt 0 ]]; then
  echo
  echo "== open loop (fixed rate): hey, $HEY_PROCS processes x $(( OPEN_CONNECTIONS / HEY_PROCS )) workers on core 0, $OPEN_DURATION per rate;"\
       "rates are shares of $(printf '%.0f' "$BASE_RPS") req/s ($([[ -n $OPEN_BASE_RPS ]] && echo OPEN_BASE_RPS || echo "nginx, closed loop"))"
  printf "   %-16s %-20s %8s %9s %8s %8s %9s %11s %8s %7s  %s\n" "rate" target "done/s" "achieved" "p50 ms" "p99 ms" "p99.9 ms" "CPU us/req" "hey CPU" "other%" valid
  for share in "${SHARES[@]}"; do
    rate=${RATES[$share]}
    for target in "${OPEN_ORDER[@]}"; do
      key="$target@$rate"
      [[ -n ${OPEN_RATE[$key]:-} ]] || continue
      printf "   %-16s %-20s %8s %8s%% %8s %8s %9s %11s %7s%% %7s  %s\n" "$share % = $rate/s" "$target" "${OPEN_RATE[$key]}" \
        "$(awk -v a="${OPEN_RATE[$key]}" -v r="$rate" 'BEGIN { printf "%.1f", a * 100 / r }')" \
        "${OPEN_P50[$key]}" "${OPEN_P99[$key]}" "${OPEN_P999[$key]}" "${OPEN_CPU[$key]}" "${OPEN_GEN[$key]}" "${OPEN_OTHER[$key]}" "${OPEN_OK[$key]}"
    done
  done
  if [[ -n ${RATES[50]:-} && -n ${OPEN_P99[nginx@${RATES[50]}]:-} ]]; then
    echo "   at 50 % ($(( RATES[50] ))/s), goal: gateway p99 <= nginx p99 + 1 ms and <= 1.2x nginx p99:"
    nginx_p99=${OPEN_P99[nginx@${RATES[50]}]}
    for target in bare-yarp gateway-off gateway-live50; do
      key="$target@${RATES[50]}"
      [[ -n ${OPEN_P99[$key]:-} ]] || continue
      awk -v g="${OPEN_P99[$key]}" -v n="$nginx_p99" -v t="$target" -v ok="${OPEN_OK[$key]}/${OPEN_OK[nginx@${RATES[50]}]}" 'BEGIN {
        added = g - n; r = n > 0 ? g / n : 0
        verdict = (added <= 1 && r <= 1.2) ? "met" : "MISSED"
        if (t == "bare-yarp") verdict = "(reference)"
        if (ok != "ok/ok") verdict = verdict " (rows not valid: " ok ")"
        printf "   %-16s p99 %6.2f ms vs nginx %6.2f ms: added %+.2f ms, ratio %.2fx  %s\n", t, g, n, added, r, verdict }'
    done
  fi
fi

echo
echo "== done $(date -Is), load average $(cut -d' ' -f1-3 /proc/loadavg)"
if (( ${#WARNINGS[@]} > 0 )); then
  echo "!!! ${#WARNINGS[@]} problem(s): the numbers above are not all valid" >&2
  printf '!!!   %s\n' "${WARNINGS[@]}" >&2
  exit 3
fi
