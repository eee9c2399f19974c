#!/usr/bin/env bash
# A one-node Kafka broker (KRaft) on 127.0.0.1, for the Kafka row of `loupe bench` and for trying
# `loupe serve --kafka-bootstrap` without a Kafka installation or Docker. It is the broker the tests
# start in-process (loupe-server/src/test/java/dev/loupe/server/kafka/KafkaTestBroker.java), run
# by a small main from Maven's test class path; the broker's jars never enter the loupe jar.
#
# Usage: scripts/kafka-broker.sh [PORT]     (default: a free port)
# It prints "bootstrap 127.0.0.1:PORT" once the broker serves, then runs until Ctrl-C (or SIGTERM),
# which shuts it down and deletes its data. Its own log goes to target/kafka-broker.log.
# Maven runs offline (./mvnw -o, what ~/.m2 holds); LOUPE_MVN_ONLINE=1 lets it download.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
loupe_find_jdk || exit 1
port="${1:-0}"
case "$port" in
  ''|*[!0-9]*) echo "kafka-broker: PORT must be a number (0 for a free port), not '$port'" >&2; exit 2 ;;
esac

mkdir -p "$root/target"
classpath_file="$root/target/kafka-broker.classpath"
build_log="$root/target/kafka-broker-build.log"
offline="-o"
[ "${LOUPE_MVN_ONLINE:-}" = 1 ] && offline=""
echo "kafka-broker: compiling the test broker and resolving its class path (a minute or two)..." >&2
# -am: the other modules come from this checkout, not from ~/.m2 (whose dev.loupe snapshots may be
# stale or missing). exec.skip: no UI build, the broker does not need it.
if ! (cd "$root" && ./mvnw -B $offline -q -pl loupe-server -am test-compile dependency:build-classpath \
      -Dexec.skip=true -Dspotless.check.skip=true -Dmdep.includeScope=test \
      -Dmdep.outputFile="$classpath_file") >"$build_log" 2>&1; then
  grep -E 'ERROR|error:' "$build_log" | head -n 20 >&2
  echo "kafka-broker: the build failed (full log: $build_log); offline, ~/.m2 must hold the" \
       "dependencies: run once with LOUPE_MVN_ONLINE=1" >&2
  exit 1
fi

echo "kafka-broker: starting (log: $root/target/kafka-broker.log); Ctrl-C stops it" >&2
exec "$JAVA_HOME/bin/java" -Xmx768m -XX:+UseParallelGC \
  -Dorg.slf4j.simpleLogger.logFile="$root/target/kafka-broker.log" \
  -cp "$root/loupe-server/target/test-classes:$(cat "$classpath_file")" \
  dev.loupe.server.kafka.KafkaBrokerMain "$port"
