#!/usr/bin/env bash
# Runs the benchmarks by hand (not in CI): nginx serves bench/data on 127.0.0.1, then the
# Python walk with this package, the published halchemy 1.0.9 and raw pycurl, and (when the
# Node addon is built) the Node walk. Prints Markdown tables for README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${N:-2000}
PORT=${PORT:-8089}
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx; }
[ -x .venv/bin/python ] || make python
.venv/bin/python -m pip install -q pycurl
if [ ! -x bench/.venv-published/bin/python ]; then
  python3 -m venv bench/.venv-published
  bench/.venv-published/bin/pip install -q halchemy==1.0.9
fi
RUN=$(mktemp -d)
sed -e "s#@RUNDIR@#$RUN#g" -e "s#@DATA@#$ROOT/bench/data#g" -e "s#@PORT@#$PORT#g" \
    bench/nginx.conf > "$RUN/nginx.conf"
# With two or more CPUs, nginx (one worker) keeps the last one to itself, as a server on
# another machine would: the client loops do not compete with it for a core, and runs vary
# less. The clients themselves are not pinned (Node's GC and compiler threads need room).
SERVER_CPU=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  SERVER_CPU=(taskset -c "$(($(nproc) - 1))")
fi
"${SERVER_CPU[@]}" nginx -c "$RUN/nginx.conf" -p "$RUN" &
NGINX=$!
trap 'kill $NGINX 2>/dev/null; rm -rf "$RUN"' EXIT
sleep 0.5
BASE=http://127.0.0.1:$PORT
# Alternate the three loops for ROUNDS rounds and keep each one's best, so that a noisy
# moment on a 2-core machine (nginx shares it) does not decide the ratio.
ROUNDS=${ROUNDS:-5}
ours='{"ours": 0}'; pycurl='{"pycurl": 0}'; published='{"published": 0}'
best() { python3 -c 'import json,sys; a,b=json.loads(sys.argv[1]),json.loads(sys.argv[2]); print(json.dumps({k: max(a[k], b[k]) for k in a}))' "$1" "$2"; }
for r in $(seq "$ROUNDS"); do
  ours=$(best "$ours" "$(.venv/bin/python bench/python_bench.py "$BASE" -n "$N" --which ours)")
  pycurl=$(best "$pycurl" "$(.venv/bin/python bench/python_bench.py "$BASE" -n "$N" --which pycurl)")
  published=$(best "$published" "$(bench/.venv-published/bin/python bench/python_bench.py "$BASE" -n "$((N / 4))" --which published)")
done
extra=$(.venv/bin/python bench/python_extra.py "$BASE")
python3 - "$ours" "$pycurl" "$published" "$extra" <<'PY'
import json, sys
ours, pyc, pub, extra = (json.loads(a) for a in sys.argv[1:])
o, c, p = ours["ours"], pyc["pycurl"], pub["published"]
print("| Python, sequential walk | requests/s | halchemy (C core) is |")
print("|---|---:|---:|")
print(f"| halchemy (this, C core) | {o:,.0f} | 1.00x |")
print(f"| published halchemy 1.0.9 (requests) | {p:,.0f} | {o/p:.1f}x faster (target >= 4x) |")
print(f"| raw pycurl loop | {c:,.0f} | {o/c:.2f}x of it (target >= 0.85x) |")
print()
print(f"import halchemy: {extra['import_ms']} ms over bare python (target < 20 ms); "
      f"RSS growth over 10,000 requests on one Api: {extra['rss_growth_kib_10k']} KiB (target < 1024 KiB)")
PY
if [ -f build/Release/halchemy.node ] && [ -f bench/node_bench.js ]; then
  node bench/node_bench.js "$BASE"
fi
