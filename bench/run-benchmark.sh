#!/usr/bin/env bash
# Toka's load generator: builds the service jar and the generator, then runs dev.toka.bench.LoadGenerator,
# which measures, per database, (a) raw batched INSERTs, (b) EventStore appends with 64 writers and (c) the
# packaged service end to end over HTTP, and prints one table. See docs/performance.md.
#
# usage: bench/run-benchmark.sh [--name=value ...]
#   e.g. bench/run-benchmark.sh --databases=h2 --storeRounds=1 --warmupSeconds=5 --durationSeconds=8
# PostgreSQL: a database of the benchmark's own (default toka_bench on 127.0.0.1:5432, user postgres, created
# when missing), in which the benchmark owns the schema toka_bench.
# SKIP_BUILD=1 reuses the last build.
set -euo pipefail
cd "$(dirname "$0")/.."

CLASSPATH_FILE=target/bench/classpath.txt
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B package -DskipTests
  mkdir -p target/bench
  mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE"
fi
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")" dev.toka.bench.LoadGenerator "$@"
