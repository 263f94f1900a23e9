#!/usr/bin/env bash
# A local Toka fleet without Docker: one Kafka broker (KRaft, from the Maven artifacts) and N Toka instances on the
# local PostgreSQL, sharing one log and one bus. See docs/operations.md#a-local-cluster.
#
#   deployment/local-cluster.sh start [N]   # N instances (default 2) on ports 8081..; builds the jar if missing
#   deployment/local-cluster.sh status      # each instance's readiness and bus mode
#   deployment/local-cluster.sh stop        # stops the instances, then Kafka (data kept under the state directory)
#
# Settings (environment): TOKA_CLUSTER_DIR (state, default target/local-cluster), TOKA_CLUSTER_KAFKA_PORT (9092),
# TOKA_CLUSTER_BASE_PORT (8081), PGHOST (127.0.0.1), PGUSER (postgres), TOKA_CLUSTER_DB (toka), TOKA_ADMIN_TOKEN
# (generated once and kept in the state directory when unset).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state=${TOKA_CLUSTER_DIR:-$root/target/local-cluster}
kafka_port=${TOKA_CLUSTER_KAFKA_PORT:-9092}
controller_port=$((kafka_port + 1))
base_port=${TOKA_CLUSTER_BASE_PORT:-8081}
pg_host=${PGHOST:-127.0.0.1}
pg_user=${PGUSER:-postgres}
database=${TOKA_CLUSTER_DB:-toka}
jar=$root/target/quarkus-app/quarkus-run.jar

wait_for() { # description, seconds, command...
    local what=$1 seconds=$2; shift 2
    for _ in $(seq $((seconds * 5))); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    echo "$what did not come up in ${seconds} s; see $state/*.log" >&2
    return 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ready() { curl -fsS "http://127.0.0.1:$1/q/health/ready"; }

secret() { # name: a random base64 secret, generated once and kept
    local file=$state/$1
    [[ -s $file ]] || { umask 077; head -c 32 /dev/urandom | base64 > "$file"; }
    cat "$file"
}

start_kafka() {
    if [[ -f $state/kafka.pid ]] && kill -0 "$(cat "$state/kafka.pid")" 2>/dev/null; then
        echo "Kafka is running (pid $(cat "$state/kafka.pid"))"; return
    fi
    [[ -s $state/kafka.classpath ]] || mvn -q -f "$root/deployment/kafka/pom.xml" dependency:build-classpath \
        -Dmdep.outputFile="$state/kafka.classpath"
    local classpath; classpath=$(cat "$state/kafka.classpath")
    cat > "$state/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$state/kafka-data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
group.initial.rebalance.delay.ms=0
PROPERTIES
    if [[ ! -f $state/kafka-data/meta.properties ]]; then
        java -cp "$classpath" kafka.tools.StorageTool format -t "$(java -cp "$classpath" kafka.tools.StorageTool random-uuid)" \
            -c "$state/server.properties" > "$state/kafka-format.log"
    fi
    java -Xmx512m -cp "$classpath" kafka.Kafka "$state/server.properties" > "$state/kafka.log" 2>&1 < /dev/null &
    echo $! > "$state/kafka.pid"
    wait_for "Kafka on port $kafka_port" 60 port_open "$kafka_port"
    echo "Kafka on 127.0.0.1:$kafka_port (pid $(cat "$state/kafka.pid"))"
}

create_database() {
    if ! psql -h "$pg_host" -U "$pg_user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" \
            | grep -q 1; then
        createdb -h "$pg_host" -U "$pg_user" "$database"
        echo "created database $database on $pg_host"
    fi
}

start_instance() { # number
    local number=$1 port=$((base_port + $1 - 1))
    local pid_file=$state/toka-$number.pid
    if [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
        echo "toka-$number is running on port $port"; return
    fi
    mkdir -p "$state/toka-$number"
    # Every instance shares the database, the key-encryption key, the admin secret and the topic. The secrets are
    # read here, in the foreground, so two instances never race to create them.
    local kek admin
    kek=$(secret kek)
    admin=${TOKA_ADMIN_TOKEN:-$(secret admin-token)}
    (cd "$state/toka-$number" && QUARKUS_PROFILE=postgres \
        TOKA_DB_URL="jdbc:postgresql://$pg_host:5432/$database" TOKA_DB_USER="$pg_user" \
        TOKA_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$kafka_port" TOKA_KEY_ENCRYPTION_KEY="$kek" TOKA_ADMIN_TOKEN="$admin" \
        exec java -Xmx512m -XX:+ExitOnOutOfMemoryError -Dquarkus.http.port="$port" -jar "$jar") \
        > "$state/toka-$number.log" 2>&1 < /dev/null &
    echo $! > "$pid_file"
}

start() {
    local count=${1:-2}
    mkdir -p "$state"
    [[ -f $jar ]] || (cd "$root" && mvn -q -DskipTests package)
    create_database
    start_kafka
    for number in $(seq "$count"); do start_instance "$number"; done
    for number in $(seq "$count"); do
        wait_for "toka-$number" 120 ready $((base_port + number - 1))
    done
    status
    echo "admin secret: ${TOKA_ADMIN_TOKEN:-$(secret admin-token)}"
}

status() {
    for pid_file in "$state"/toka-*.pid; do
        [[ -f $pid_file ]] || continue
        local number=${pid_file##*/toka-}; number=${number%.pid}
        local port=$((base_port + number - 1))
        printf 'toka-%s  http://127.0.0.1:%s  ' "$number" "$port"
        local health
        if health=$(ready "$port" 2>/dev/null); then
            echo "$health" | grep -o '"mode": "[^"]*"\|"degraded": [a-z]*' | tr '\n' ' '; echo
        else
            echo "not ready (see $state/toka-$number.log)"
        fi
    done
}

stop_pid() { # pid file
    local pid_file=$1
    [[ -f $pid_file ]] || return 0
    local pid; pid=$(cat "$pid_file")
    if kill "$pid" 2>/dev/null; then
        for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -f "$pid_file"
}

stop() {
    for pid_file in "$state"/toka-*.pid; do stop_pid "$pid_file"; done
    stop_pid "$state/kafka.pid"
    echo "stopped; data kept in $state (and database $database)"
}

case ${1:-} in
    start) start "${2:-2}" ;;
    status) status ;;
    stop) stop ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
esac
