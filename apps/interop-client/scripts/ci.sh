#!/usr/bin/env bash
# The interop client against our relay app, as CI runs it: starts `moqt-relay` on 127.0.0.1 (an
# ephemeral port, a self-signed certificate it generates at start-up, no metrics), then runs
# moq-test-client over raw QUIC (moqt://) and WebTransport over HTTP/3 (https://) for every draft
# (14, 16, 18, 19), each run the standard cases plus the data-flow ones, and once per transport
# offering every draft (the relay picks). Any failed test point, bail out or non-zero exit fails
# the script; every run's TAP is printed. Extra arguments go to the client (e.g. -v).
#
#   apps/interop-client/scripts/ci.sh [client options]
#
# Needs the workspace installed (npx --yes pnpm@10 install). The relay is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
WORK=$(mktemp -d)
RELAY_PID=""

cleanup() {
	if [ -n "$RELAY_PID" ] && kill -0 "$RELAY_PID" 2>/dev/null; then
		kill -TERM "$RELAY_PID" 2>/dev/null || true
		wait "$RELAY_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

node apps/relay/bin/moqt-relay.mjs --listen 127.0.0.1:0 --metrics off --drain-timeout 1s \
	>"$WORK/relay.out" 2>"$WORK/relay.err" &
RELAY_PID=$!

# The relay prints "moqt-relay listening on udp 127.0.0.1:PORT ..." once it listens.
for _ in $(seq 1 300); do
	grep -q 'listening on udp' "$WORK/relay.out" && break
	if ! kill -0 "$RELAY_PID" 2>/dev/null; then
		echo "moqt-relay exited before listening:" >&2
		cat "$WORK/relay.out" "$WORK/relay.err" >&2
		exit 1
	fi
	sleep 0.1
done
PORT=$(sed -n 's/.*listening on udp 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/relay.out" | head -n 1)
if [ -z "$PORT" ]; then
	echo "moqt-relay did not start listening" >&2
	cat "$WORK/relay.out" "$WORK/relay.err" >&2
	exit 1
fi
echo "moqt-relay on 127.0.0.1:$PORT (udp: raw QUIC and HTTP/3)"

failed=()
run() {
	local label=$1
	shift
	echo
	echo "=== $label"
	local status=0
	node apps/interop-client/bin/moq-test-client.mjs --tls-disable-verify "$@" >"$WORK/run.tap" || status=$?
	cat "$WORK/run.tap"
	if [ "$status" -ne 0 ] || grep -q -e '^not ok' -e '^Bail out!' "$WORK/run.tap"; then
		failed+=("$label (exit $status)")
	fi
}

for scheme in moqt https; do
	for draft in 14 16 18 19; do
		run "$scheme:// draft-$draft" -r "$scheme://127.0.0.1:$PORT" --draft "$draft" --data-flow "$@"
	done
	run "$scheme:// every draft offered" -r "$scheme://127.0.0.1:$PORT" "$@"
done

echo
if [ "${#failed[@]}" -gt 0 ]; then
	echo "interop: ${#failed[@]} run(s) failed:"
	printf '  %s\n' "${failed[@]}"
	echo "--- moqt-relay log (stderr)"
	tail -n 50 "$WORK/relay.err"
	exit 1
fi
echo "interop: every run passed"
