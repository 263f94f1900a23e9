#!/usr/bin/env bash
# End-to-end HTTP benchmark of Toka: build, start the packaged service on a free loopback port with a
# fresh data directory, wait until it is ready, run dev.toka.bench.HttpLoadBenchmark against it, stop
# it, print the results. See docs/performance-http.md.
#
# usage: bench/run-http-benchmark.sh [h2|postgres|memory] [generator options...]
#   h2        (default) embedded H2 file database in a fresh temporary directory
#   postgres  profile 'postgres' against $BENCH_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test);
#             the database must hold no Toka tables: the script checks with psql and refuses otherwise,
#             unless BENCH_PG_RESET=1, which drops Toka's tables (those created by the Flyway migrations
#             under src/main/resources/db/migration) and flyway_schema_history first
#   memory    profile 'memory' (in-memory event store, nothing written to disk)
# generator options are passed through, e.g. --durationSeconds=10 --clients=32 --client=jdk
#
# environment:
#   TOKA_ADMIN_TOKEN   admin secret for the service and the generator (random when unset)
#   SKIP_BUILD=1       reuse target/quarkus-app and target/test-classes
#   SERVICE_JAVA_OPTS  extra JVM options for the service (e.g. -Xmx2g)
#   BENCH_JAVA_OPTS    extra JVM options for the generator
#   BENCH_JFR=1        record the service with JFR during the run and print its hottest frames
#   KEEP_DATA=1        keep the temporary data directory
#   TOKA_DB_USER / TOKA_DB_PASSWORD  PostgreSQL credentials (default postgres / empty)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BACKEND=${1:-h2}
case "$BACKEND" in
  h2|postgres|memory) [ $# -gt 0 ] && shift ;;
  --*) BACKEND=h2 ;;
  *) echo "usage: $0 [h2|postgres|memory] [generator options...]" >&2; exit 2 ;;
esac

OUT="$ROOT/target/bench"
mkdir -p "$OUT"
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS="$OUT/http-$BACKEND-$STAMP.txt"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== building (mvn -q -B package -DskipTests)"
  mvn -q -B package -DskipTests
fi
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "target/quarkus-app/quarkus-run.jar is missing" >&2; exit 1; }
[ -f target/test-classes/dev/toka/bench/HttpLoadBenchmark.class ] || { echo "the generator is not compiled" >&2; exit 1; }
CP_FILE="$OUT/test-classpath.txt"
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -s "$CP_FILE" ]; then
  echo "== resolving the test classpath"
  mvn -q -B dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null && return
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (echo > "/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port found" >&2; exit 1
}

DATA=$(mktemp -d "${TMPDIR:-/tmp}/toka-bench.XXXXXX")
PORT=$(free_port)
export TOKA_ADMIN_TOKEN=${TOKA_ADMIN_TOKEN:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}
export TOKA_KEY_ENCRYPTION_KEY=${TOKA_KEY_ENCRYPTION_KEY:-$(head -c 32 /dev/urandom | base64)}
SERVICE_PID=

cleanup() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$SERVICE_PID" 2>/dev/null && kill -KILL "$SERVICE_PID" 2>/dev/null || true
  fi
  [ -f "$DATA/service.log" ] && cp "$DATA/service.log" "$OUT/service-$BACKEND-$STAMP.log"
  if [ "${KEEP_DATA:-0}" = 1 ]; then echo "data kept in $DATA"; else rm -rf "$DATA"; fi
}
trap cleanup EXIT

SERVICE_ARGS=(
  -Dquarkus.http.host=127.0.0.1
  -Dquarkus.http.port="$PORT"
  -Dtoka.security.key-encryption-key-file="$DATA/key-encryption-key"
)
case "$BACKEND" in
  h2)
    SERVICE_ARGS+=(-Dquarkus.datasource.h2.jdbc.url="jdbc:h2:file:$DATA/toka;DB_CLOSE_ON_EXIT=FALSE")
    ;;
  memory)
    SERVICE_ARGS+=(-Dquarkus.profile=memory)
    ;;
  postgres)
    PG_URL=${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
    SERVICE_ARGS+=(-Dquarkus.profile=postgres -Dquarkus.datasource.postgresql.jdbc.url="$PG_URL")
    if command -v psql >/dev/null; then
      PG_HOSTPORT_DB=${PG_URL#jdbc:postgresql://}
      PG_HOSTPORT=${PG_HOSTPORT_DB%%/*}
      PG_DB=${PG_HOSTPORT_DB#*/}; PG_DB=${PG_DB%%\?*}
      export PGHOST=${PG_HOSTPORT%%:*} PGPORT=${PG_HOSTPORT##*:} PGDATABASE=$PG_DB
      export PGUSER=${TOKA_DB_USER:-postgres} PGPASSWORD=${TOKA_DB_PASSWORD:-}
      # Toka's tables are the ones its migrations create, plus Flyway's history.
      TABLES=$( (cat src/main/resources/db/migration/common/*.sql src/main/resources/db/migration/postgresql/*.sql 2>/dev/null || true) \
        | grep -ioE 'create[[:space:]]+table[[:space:]]+(if[[:space:]]+not[[:space:]]+exists[[:space:]]+)?[a-zA-Z0-9_."]+' \
        | awk '{print tolower($NF)}' | tr -d '"' | sort -u || true)
      TABLES="flyway_schema_history $TABLES"
      PRESENT=
      for t in $TABLES; do
        [ "$(psql -qtAX -c "select to_regclass('$t') is not null")" = t ] && PRESENT="$PRESENT $t"
      done
      if [ -n "$PRESENT" ]; then
        if [ "${BENCH_PG_RESET:-0}" = 1 ]; then
          echo "== dropping Toka tables in $PG_DB:$PRESENT"
          for t in $PRESENT; do psql -qX -c "drop table if exists $t cascade"; done
        else
          echo "database $PG_DB already holds Toka tables:$PRESENT" >&2
          echo "use an empty database (BENCH_PG_URL=...) or set BENCH_PG_RESET=1 to drop them" >&2
          exit 1
        fi
      fi
    else
      echo "== psql not found: assuming $PG_URL is an empty database"
    fi
    ;;
esac
# The setup issues one token per agent as the admin and the load comes from 256 principals: lift the
# rate limits so the benchmark measures the operation path, not the quotas.
SERVICE_ARGS+=(-Dtoka.security.rate-limit.issue=100000/PT1S -Dtoka.security.rate-limit.write=100000/PT1S
  -Dtoka.security.rate-limit.read=100000/PT1S)
if [ "${BENCH_JFR:-0}" = 1 ]; then
  SERVICE_ARGS+=(-XX:+FlightRecorder "-XX:StartFlightRecording=filename=$OUT/service-$BACKEND-$STAMP.jfr,settings=profile,dumponexit=true")
fi

echo "== starting the service ($BACKEND) on 127.0.0.1:$PORT, data in $DATA"
# shellcheck disable=SC2086
(cd "$DATA" && exec java ${SERVICE_JAVA_OPTS:-} "${SERVICE_ARGS[@]}" -jar "$ROOT/target/quarkus-app/quarkus-run.jar") \
  > "$DATA/service.log" 2>&1 &
SERVICE_PID=$!

READY=0
for _ in $(seq 1 240); do
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then break; fi
  if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" 2>/dev/null; then READY=1; break; fi
  sleep 0.5
done
if [ "$READY" != 1 ]; then
  echo "the service did not become ready; last log lines:" >&2
  tail -40 "$DATA/service.log" >&2
  exit 1
fi
echo "== ready (pid $SERVICE_PID)"

echo "== running the generator (load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a))"
set +e
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:$(cat "$CP_FILE")" dev.toka.bench.HttpLoadBenchmark \
  "http://127.0.0.1:$PORT" --label="$BACKEND@$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --servicePid="$SERVICE_PID" "$@" \
  | tee "$RESULTS"
STATUS=${PIPESTATUS[0]}
set -e

echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a); stopping the service"
cleanup
trap - EXIT
if [ "${BENCH_JFR:-0}" = 1 ] && [ -f "$OUT/service-$BACKEND-$STAMP.jfr" ]; then
  echo "== hottest frames (jdk.ExecutionSample, top of stack), $OUT/service-$BACKEND-$STAMP.jfr"
  jfr print --events jdk.ExecutionSample "$OUT/service-$BACKEND-$STAMP.jfr" \
    | grep -A1 'stackTrace = \[' | grep -v -e 'stackTrace = \[' -e '^--' | sed 's/line:.*//' \
    | sort | uniq -c | sort -rn | head -25
fi
echo
echo "== results ($RESULTS)"
grep '^BENCH-RESULT ' "$RESULTS" || true
exit "$STATUS"
