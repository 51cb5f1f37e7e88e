#!/usr/bin/env bash
# `make demo`: starts the example customers API on 127.0.0.1, runs the seed's example in
# Python and in JavaScript against it, then stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${VPY:-.venv/bin/python}
echo "== starting the example HAL API (examples/server/server.py) on 127.0.0.1"
coproc SERVER { exec python3 examples/server/server.py --port 0; }
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
read -r -t 10 BASE <&"${SERVER[0]}"
echo "   listening on $BASE"
export HALCHEMY_BASE_URL=$BASE
echo "== Python: examples/optimistic_concurrency.py"
"$PY" examples/optimistic_concurrency.py
echo "== JavaScript: examples/optimistic_concurrency.js"
node examples/optimistic_concurrency.js
echo "== stopping the example server"
