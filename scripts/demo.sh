#!/usr/bin/env bash
# Installs dependencies, builds, starts spanlabd on a fresh data directory,
# loads the sample articles, labels a span and shows it. The server keeps
# running in the foreground afterwards; Ctrl-C stops it.
#   DATA_DIR  data directory (default: a new temporary one)
#   LISTEN    address (default 127.0.0.1:50051)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2 --target spanlabd spanlab

DATA_DIR=${DATA_DIR:-$(mktemp -d /tmp/spanlab-demo-XXXXXX)}
LISTEN=${LISTEN:-127.0.0.1:50051}
SPANLAB=build/client/spanlab

build/service/spanlabd --data_dir="$DATA_DIR" --listen="$LISTEN" &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null' EXIT

for _ in $(seq 100); do
  [ -s "$DATA_DIR/admin.token" ] && break
  sleep 0.1
done
export SPANLAB_SERVER=$LISTEN
export SPANLAB_TOKEN=$(cat "$DATA_DIR/admin.token")
until $SPANLAB whoami >/dev/null 2>&1; do sleep 0.1; done

step() { printf '\n\033[1m$ spanlab %s\033[0m\n' "$*"; $SPANLAB "$@"; }
step project create demo --title "spanlab demo"
step annotator add alice --role annotator
BOB_TOKEN=$($SPANLAB --json annotator add bob --role annotator |
  /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
step import demo tests/fixtures/articles/*.txt tests/fixtures/articles.jsonl
step docs demo
echo
echo "Labeling as annotator bob (his token was captured with --json):"
SPANLAB_TOKEN=$BOB_TOKEN step label demo harbour-bridge attributed_claim \
  --quote "The structure is safe for traffic again" \
  --attr "source=Mårten Ødegård" --attr "cue=told reporters"
SPANLAB_TOKEN=$BOB_TOKEN step label demo harbour-bridge disputed --quote "The budget was doubled twice" \
  --attr "source=Zoë Brontë" --attr "cue=said"
step show demo harbour-bridge

cat <<MSG

spanlabd is running on $LISTEN with data in $DATA_DIR.
In another terminal:
  export SPANLAB_SERVER=$LISTEN SPANLAB_TOKEN=\$(cat $DATA_DIR/admin.token)
  $SPANLAB show demo harbour-bridge
Ctrl-C stops the server.
MSG
wait $SERVER_PID
