#!/usr/bin/env bash
# Start-up at scale (issue 15): fills a log of N events through the store's own append API, then starts the
# packaged service on it, with no snapshot and then with the snapshots its orderly stop wrote, and reports
# time to ready, RSS after ready and the rate of a full verify. See docs/performance.md.
#
# usage: bench/run-startup-benchmark.sh [--events=1000000,10000000] [--databases=h2,postgres]
#        [--phases=fill,cold,warm,verify] [--warmStarts=3]
#        [--postgres=jdbc:postgresql://127.0.0.1:5432/toka_bench] [--user=postgres] [--readyTimeoutSeconds=1800]
# H2 files go to target/bench-startup/; PostgreSQL: the schema toka_bench of the benchmark's own database,
# emptied first (as bench/run-benchmark.sh). SKIP_BUILD=1 reuses the last build.
set -euo pipefail
cd "$(dirname "$0")/.."

CLASSPATH_FILE=target/bench/classpath.txt
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B package -DskipTests
  mkdir -p target/bench
  mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE"
fi
exec java -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")" dev.toka.bench.StartupBenchmark "$@"
