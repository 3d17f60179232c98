#!/usr/bin/env bash
# Measures the resident memory of a packaged service jar under the JVM flags the container image uses, so
# the requests/limits in deploy/base are sized from numbers rather than guesses. Usage:
#   deploy/tools/measure-rss.sh live-updates|fetch-aggregator|scheduler [heap-max, default 307m]
# It copies <module>/target/quarkus-app (build it first: ./mvnw -pl <module> -am package -DskipTests),
# starts it on a free port with QUARKUS_PROFILE=dev (no external servers, loopback upstreams allowed),
# waits for /q/health/ready, records RSS idle, drives 30 s of load with wrk (if installed), records RSS
# and the peak (VmHWM), then stops it. Output: one line per phase, in MiB.
set -euo pipefail
service=${1:?live-updates|fetch-aggregator|scheduler}
heap=${2:-307m}   # 60 % (JAVA_MAX_MEM_RATIO) of the 512Mi limit
root=$(cd "$(dirname "$0")/../.." && pwd)
case $service in
  live-updates) module=live-updates-service ;;
  fetch-aggregator) module=fetch-aggregator-service ;;
  scheduler) module=scheduler-service ;;
  *) echo "unknown service $service" >&2; exit 2 ;;
esac
[ -f "$root/$module/target/quarkus-app/quarkus-run.jar" ] || { echo "build $module first" >&2; exit 2; }
work=$(mktemp -d); cp -r "$root/$module/target/quarkus-app" "$work/app"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
# The flags run-java.sh of ubi9/openjdk-21 adds, with the heap bound it would compute.
# The scheduler's embedded store goes to the scratch directory, never to a developer's ~/.updraft.
QUARKUS_PROFILE=dev UPDRAFT_SCHEDULER_DATA_DIR="$work/data" "$java" -Xmx"$heap" -XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 \
  -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90 -XX:+ExitOnOutOfMemoryError \
  -Dquarkus.http.port="$port" -jar "$work/app/quarkus-run.jar" > "$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$work/log" >&2; exit 1; }
  sleep 0.5
done
rss() { awk '/VmRSS/{r=$2} /VmHWM/{h=$2} END{printf "rss=%d MiB peak=%d MiB\n", r/1024, h/1024}' /proc/$pid/status; }
sleep 3; echo "$service idle:   $(rss)"
if command -v wrk >/dev/null; then
  lua=$work/load.lua
  case $service in
    live-updates) cat > "$lua" <<'LUA'
-- publish to 200 topics: fills every topic's history to its bound
wrk.method = "POST"; wrk.headers["Content-Type"] = "application/json"
request = function() return wrk.format(nil, "/api/topics/load." .. math.random(200) .. "/events", nil,
  '{"text":"a message of about one hundred bytes, like a chat line or a small status update ....."}') end
LUA
    ;;
    fetch-aggregator) cat > "$lua" <<LUA
-- fan out 8 loopback fetches per call (the service's own health), as platform-status does
wrk.method = "POST"; wrk.headers["Content-Type"] = "application/json"
local r = {}
for i = 1, 8 do r[i] = '{"id":"' .. i .. '","url":"http://127.0.0.1:$port/q/health"}' end
wrk.body = '{"requests":[' .. table.concat(r, ",") .. '],"deadline":"5s"}'
request = function() return wrk.format(nil, "/api/aggregate") end
LUA
    ;;
    scheduler) cat > "$lua" <<'LUA'
request = function() return wrk.format("GET", "/api/jobs") end
LUA
    ;;
  esac
  wrk -t2 -c64 -d30s -s "$lua" "http://127.0.0.1:$port" > "$work/wrk" 2>&1 || true
  echo "$service loaded: $(rss)  ($(grep -E 'Requests/sec' "$work/wrk" | tr -s ' '))"
fi
