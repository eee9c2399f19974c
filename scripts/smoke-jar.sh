#!/usr/bin/env bash
# Starts the built fat jar as a user would and checks it serves: the unit tests run on Maven's
# class path, so a dependency missing from the shaded jar (a test-scope declaration that hides a
# run-time one) is only caught here. Run by ./test after the build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/loupe-cli/target/loupe.jar"
work="$(mktemp -d)"
log="$work/serve.log"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx512m -jar "$jar" \
  serve --port 0 --data "$work/data" >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port=""
for _ in $(seq 1 120); do
  port="$(sed -n 's/.*Loupe is ready on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$log" | head -n 1)"
  [ -n "$port" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "smoke: loupe serve (the fat jar) exited at start:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.5
done
if [ -z "$port" ]; then
  echo "smoke: loupe serve did not say it was ready within 60 s:" >&2
  cat "$log" >&2
  exit 1
fi
base="http://127.0.0.1:$port"
curl -fsS "$base/health" >/dev/null
answer="$(printf '{"_msg":"smoke test line"}\n' | curl -fsS -XPOST "$base/api/v1/ingest" --data-binary @-)"
case "$answer" in
  *'"accepted":1'*) ;;
  *) echo "smoke: ingest answered $answer" >&2; exit 1 ;;
esac
curl -fsS -G "$base/api/v1/query" --data-urlencode 'query=smoke' | grep -q 'smoke test line'
curl -fsS -H 'Accept: text/html' "$base/" | grep -q '<title>Loupe</title>'
echo "smoke: the fat jar serves, ingests and queries on $base"
