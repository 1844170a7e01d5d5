#!/usr/bin/env bash
# Gateway benchmark (issue 4), run on demand, never in CI. On loopback, in one go, with wrk pinned to
# core 0 and every server pinned to core 1 (HINTS.md): the monolith directly; nginx as a plain
# keepalive reverse proxy to it; the gateway at `off`; the gateway at `shadow` with sample ratio 1.0
# (the copies go to the monolith too, standing in for the Delivery service). The request is
# GET /couriers/{id}, a read of the delivery route group. Prints req/s, p50 and p99, and the ratios
# to nginx. The monolith (EF Core + SQLite on one core) is slow enough to hide any proxy's cost, so a
# second round puts the same JSON behind a static backend (nginx `return 200`), as HINTS.md's proxy
# baseline does: that round measures the proxies themselves.
# Usage: tests/Ftgo.Gateway.Benchmarks/run.sh   (DURATION=15s CONNECTIONS=64 to change the run)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
LEGACY_PORT=${LEGACY_PORT:-5191}
GATEWAY_PORT=${GATEWAY_PORT:-5091}
NGINX_PORT=${NGINX_PORT:-5092}
STATIC_PORT=${STATIC_PORT:-5093}
ADMIN_TOKEN=bench-admin-token
WORK=$(mktemp -d)
PIDS=()

for tool in wrk nginx taskset curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (Debian packages wrk, nginx, util-linux, curl)" >&2; exit 2; }
done

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_for() { # url
  for _ in $(seq 1 200); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "timed out waiting for $1" >&2; exit 1
}

flags() { # stage [live-percent] [shadow-sample-ratio]
  local allocation="\"default_when_enabled\":\"$1\""
  if [[ $1 == live && -n ${2:-} ]]; then
    allocation="\"default_when_enabled\":\"shadow\",\"percentile\":[{\"variant\":\"live\",\"from\":0,\"to\":$2},{\"variant\":\"shadow\",\"from\":$2,\"to\":100}]"
  fi
  cat > "$WORK/flags.tmp" <<JSON
{"feature_management":{"feature_flags":[{"id":"delivery","enabled":true,
 "variants":[{"name":"off"},{"name":"dualwrite"},{"name":"shadow"},{"name":"live"},{"name":"rampdown"},{"name":"complete"}],
 "allocation":{$allocation,"seed":"ftgo:delivery"},"ftgo":{"shadow_sample_ratio":${3:-1.0}}}]}}
JSON
  mv "$WORK/flags.tmp" "$WORK/flags.json"
}

echo "== building (Release)"
dotnet build -c Release -v q -nologo "$ROOT/legacy/Ftgo.Legacy" >/dev/null
dotnet build -c Release -v q -nologo "$ROOT/gateway/Ftgo.Gateway" >/dev/null

echo "== starting the monolith on :$LEGACY_PORT"
ASPNETCORE_ENVIRONMENT=Production taskset -c 1 dotnet "$ROOT/legacy/Ftgo.Legacy/bin/Release/net10.0/Ftgo.Legacy.dll" \
  --urls "http://127.0.0.1:$LEGACY_PORT" --Ftgo:DataFolder="$WORK/legacy" --Ftgo:Legacy:SeedDemoUser=true \
  --Logging:LogLevel:Default=Warning >"$WORK/legacy.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$LEGACY_PORT/healthz"
COOKIE=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' -d '{"username":"demo","password":"demo"}' \
  "http://127.0.0.1:$LEGACY_PORT/login" | sed -n 's/^[Ss]et-[Cc]ookie: \(FTGO_SESSION=[^;]*\).*/\1/p')
COURIER=$(curl -fs -H "Cookie: $COOKIE" -H 'Content-Type: application/json' \
  -d '{"name":{"firstName":"Bench","lastName":"Courier"},"address":{"street1":"1 High Street","street2":"Flat 2","city":"Oakland","state":"CA","zip":"94612"}}' \
  "http://127.0.0.1:$LEGACY_PORT/couriers" | sed 's/.*"id":\([0-9]*\).*/\1/')
PATH_UNDER_TEST="/couriers/$COURIER"
echo "   GET $PATH_UNDER_TEST answers $(curl -fs "http://127.0.0.1:$LEGACY_PORT$PATH_UNDER_TEST" | wc -c) bytes of JSON"

BODY=$(curl -fs "http://127.0.0.1:$LEGACY_PORT$PATH_UNDER_TEST")

start_nginx() { # backend-port
  local dir="$WORK/nginx-$1"
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
  upstream backend { server 127.0.0.1:$1; keepalive 128; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
  # The static backend of the second round: the courier's JSON, as the monolith answers it.
  server {
    listen 127.0.0.1:$STATIC_PORT;
    location / { default_type application/json; return 200 '$BODY'; }
  }
}
CONF
  taskset -c 1 nginx -c "$dir/nginx.conf" -p "$dir" &
  NGINX_PID=$!
  PIDS+=($NGINX_PID)
  wait_for "http://127.0.0.1:$STATIC_PORT$PATH_UNDER_TEST"
  wait_for "http://127.0.0.1:$NGINX_PORT$PATH_UNDER_TEST"
}

start_gateway() { # backend-port [extra gateway arguments…]
  local backend=$1; shift
  flags off
  # From its own folder: appsettings.json (the route groups) is read from the content root.
  (cd "$ROOT/gateway/Ftgo.Gateway/bin/Release/net10.0" && ASPNETCORE_ENVIRONMENT=Production exec taskset -c 1 dotnet Ftgo.Gateway.dll \
    --urls "http://127.0.0.1:$GATEWAY_PORT" --Ftgo:DataFolder="$WORK/gateway" --Ftgo:Flags:File="$WORK/flags.json" \
    --Ftgo:Gateway:Legacy="http://127.0.0.1:$backend" --Ftgo:Gateway:Kitchen="http://127.0.0.1:$backend" \
    --Ftgo:Gateway:Delivery="http://127.0.0.1:$backend" --Ftgo:Gateway:AdminToken="$ADMIN_TOKEN" \
    --Logging:LogLevel:Default=Warning "$@" >"$WORK/gateway.log" 2>&1) &
  GATEWAY_PID=$!
  PIDS+=($GATEWAY_PID)
  wait_for "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
}

stop() { # pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

stage_is() { # stage
  for _ in $(seq 1 100); do
    curl -fs -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$GATEWAY_PORT/_strangler/groups/delivery" \
      | grep -q "\"stage\":\"$1\"" && return 0
    sleep 0.1
  done
  echo "the gateway did not reach stage $1" >&2; exit 1
}

to_ms() { # wrk latency such as 812.00us, 1.20ms, 1.01s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

RESULTS=()
measure() { # name url
  taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d3s "$2" >/dev/null   # warm-up (JIT, pools)
  local out; out=$(taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$2")
  local rps p50 p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ { print }' | tr '\n' ' ')
  RESULTS+=("$1 $rps $p50 $p99")
  printf "   %-28s %10s req/s   p50 %8s ms   p99 %8s ms  %s\n" "$1" "$rps" "$p50" "$p99" "$errors"
}

measure_with_session() { # name url — as measure, each request with the session cookie
  local script="$WORK/session.lua"
  printf 'wrk.headers["Cookie"] = "%s"\n' "$COOKIE" > "$script"
  taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d3s -s "$script" "$2" >/dev/null
  local out; out=$(taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$2")
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")
  RESULTS+=("$1 $rps $p50 $p99")
  printf "   %-28s %10s req/s   p50 %8s ms   p99 %8s ms\n" "$1" "$rps" "$p50" "$p99"
}

round() { # label backend-port
  echo "== round '$1': wrk -t1 -c$CONNECTIONS -d$DURATION (wrk on core 0, servers on core 1)"
  RESULTS=()
  start_nginx "$2"
  start_gateway "$2"
  measure "$1-direct" "http://127.0.0.1:$2$PATH_UNDER_TEST"
  measure "nginx" "http://127.0.0.1:$NGINX_PORT$PATH_UNDER_TEST"
  stage_is off
  measure "gateway-off" "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
  flags shadow
  stage_is shadow
  measure "gateway-shadow-1.0" "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
  echo "   shadow copies: $(curl -fs -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$GATEWAY_PORT/_strangler/groups/delivery" \
    | sed 's/.*"compared":\([0-9]*\),"matched":\([0-9]*\),"mismatched":\([0-9]*\),"shadowErrors":\([0-9]*\),"dropped":\([0-9]*\).*/compared \1, matched \2, mismatched \3, errors \4, dropped \5/')"
  # The sync token's own cost (root README, "No answer legacy would not give"): the same gateway at `off`
  # with it turned off, and with it for a client that sends its session cookie (looked up per request).
  stop "$GATEWAY_PID"
  start_gateway "$2" --Ftgo:Gateway:Sync:Enabled=false
  stage_is off
  measure "gateway-off-sync-disabled" "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
  # A courier's routes at live follow the side that registered it (its id's range): the cost of that rule
  # against the cohort hash it replaces, both at live 1 % without shadow copies, so that the monolith's
  # courier is answered by legacy either way (the origin is printed to show it).
  stop "$GATEWAY_PID"
  start_gateway "$2"
  flags live 1 0
  stage_is live
  echo "   live 1 % origin: $(curl -fs -o /dev/null -D - "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST" | sed -n 's/^X-Ftgo-Origin: \(.*\)\r$/\1/p')"
  measure "gateway-live1-by-registrar" "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
  stop "$GATEWAY_PID"
  start_gateway "$2" --Ftgo:Gateway:Groups:delivery:Routes:2:ByCourierRegistrar=false
  flags live 1 0
  stage_is live
  echo "   live 1 % origin by cohort: $(curl -fs -o /dev/null -D - "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST" | sed -n 's/^X-Ftgo-Origin: \(.*\)\r$/\1/p')"
  measure "gateway-live1-by-cohort" "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
  stop "$GATEWAY_PID"
  start_gateway "$2"
  stage_is off
  measure_with_session "gateway-off-with-session" "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
  echo "   ratios to nginx:"
  printf '%s\n' "${RESULTS[@]}" | awk '
    $1 == "nginx" { rps = $2; p99 = $4 }
    { name[NR] = $1; r[NR] = $2; q[NR] = $4 }
    END { for (i = 1; i <= NR; i++) printf "   %-28s throughput %.2fx   p99 %.2fx\n", name[i], r[i] / rps, q[i] / p99 }'
  stop "$GATEWAY_PID"
  stop "$NGINX_PID"
}

round monolith "$LEGACY_PORT"
round static "$STATIC_PORT"
