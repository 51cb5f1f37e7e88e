#!/usr/bin/env bash
# tests/dist/npm_forms.sh [TARBALL]: every way a user installs the npm package works in an
# empty project (issue 11). Without TARBALL it builds one with tools/dist_node.sh into a temp
# dir. For each form: a fresh project, the install, then smoke.js (version, which addon was
# loaded, examples/optimistic_concurrency.js against examples/server/server.py: GET, PATCH
# with If-Match, 412). Forms:
#   1 npm install /path/to/clone      (a git clone of HEAD, linked by npm: compiles)
#   2 npm install TARBALL             (uses the prebuild; + ESM import)
#   3 npm install --ignore-scripts TARBALL   (the prebuild, no script at all)
#  3b npm install --ignore-scripts /path/to/unpacked-package  (linked, its node_modules
#     empty: the loader finds the prebuild without node-gyp-build)
#   4 npm install git+file:///clone   (npm packs from git: no prebuild there, compiles)
#   5 pnpm add TARBALL --ignore-scripts      (pnpm 9 from the npm registry; + ESM import)
#   6 no compiler: `npm rebuild halchemy` forced to compile with no cc/gcc on PATH must fail
#     with the one message naming the Debian packages
# Only the npm registry is reached (dependencies, pnpm). Exits non-zero if any form fails.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PNPM_VERSION=9.15.9
SERVER="$ROOT/examples/server/server.py"

# settings of an npm that runs this script (make, npm run) must not reach the installs
while read -r var; do unset "$var"; done < <(env | grep -o '^npm_[A-Za-z_]*' || true)

TMP=$(mktemp -d)
cleanup () { rm -rf "$TMP"; }
trap cleanup EXIT
export HALCHEMY_CONFIG="$TMP/empty.ini"; : > "$HALCHEMY_CONFIG"

TARBALL=${1:-}
if [ -z "$TARBALL" ]; then
  echo "== building the package with tools/dist_node.sh"
  "$ROOT/tools/dist_node.sh" "$TMP/dist" > "$TMP/dist.log" 2>&1 || { tail -30 "$TMP/dist.log"; echo "FAIL: tools/dist_node.sh"; exit 1; }
  TARBALL=$(ls "$TMP"/dist/halchemy-*.tgz)
  tail -1 "$TMP/dist.log"
fi
TARBALL=$(cd "$(dirname "$TARBALL")" && pwd)/$(basename "$TARBALL")
[ -f "$TARBALL" ] || { echo "FAIL: no tarball $TARBALL"; exit 1; }

# a git clone of HEAD: what a user clones (no build/, no prebuilds/, no node_modules/)
git clone -q --no-local "$ROOT" "$TMP/clone" && git -C "$TMP/clone" checkout -q --detach "$(git -C "$ROOT" rev-parse HEAD)" \
  || { echo "FAIL: git clone"; exit 1; }

passed=0; failed=0; summary=()
# --foreground-scripts: npm shows the install script's own lines (prebuild used, deps installed)
NPM_QUIET=(--no-audit --no-fund --loglevel=error --foreground-scripts)

new_project () { # NAME [esm]: an empty project with the smoke scripts in it
  local dir="$TMP/projects/$1"
  mkdir -p "$dir"
  printf '{ "name": "smoke-%s", "version": "1.0.0", "private": true }\n' "$1" > "$dir/package.json"
  cp "$ROOT/tests/dist/smoke.js" "$ROOT/examples/optimistic_concurrency.js" "$dir/"
  [ "${2:-}" = esm ] && cp "$ROOT/tests/dist/smoke.mjs" "$dir/"
  echo "$dir"
}

# FORM-NAME EXPECTED-ADDON PROJECT INSTALL-COMMAND...: install, then smoke
form () {
  local name=$1 expect=$2 dir=$3; shift 3
  local t0; t0=$(date +%s.%N)
  echo "== $name: $*"
  if ! (cd "$dir" && "$@") > "$dir/install.log" 2>&1; then
    sed 's/^/  > /' "$dir/install.log" | tail -25
    record FAIL "$name" "$t0" "the install failed"; return
  fi
  grep -h '^halchemy:' "$dir/install.log" | sed 's/^/  > /'
  if ! (cd "$dir" && node smoke.js "$SERVER" "$expect"); then
    record FAIL "$name" "$t0" "the smoke test failed"; return
  fi
  record PASS "$name" "$t0"
}

record () { # PASS|FAIL NAME T0 [WHY]
  local secs; secs=$(awk -v a="$(date +%s.%N)" -v b="$3" 'BEGIN { printf "%.1f", a - b }')
  local line; line=$(printf '%s %s (%s s)%s' "$1" "$2" "$secs" "${4:+: $4}")
  echo "$line"; summary+=("$line")
  if [ "$1" = PASS ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# 1: a linked folder (npm installs none of its dependencies: the script installs them)
P=$(new_project folder)
form "1 npm install /path/to/clone" compiled "$P" npm install "${NPM_QUIET[@]}" "$TMP/clone"

# 2: the tarball, with its install script (which finds the prebuild loads), ESM as well
P=$(new_project tarball esm)
form "2 npm install TARBALL (+ ESM import)" prebuild "$P" npm install "${NPM_QUIET[@]}" "$TARBALL"

# 3: the tarball without scripts
P=$(new_project ignore-scripts)
form "3 npm install --ignore-scripts TARBALL" prebuild "$P" npm install --ignore-scripts "${NPM_QUIET[@]}" "$TARBALL"

# 3b: the unpacked tarball as a linked folder, scripts off: npm installs none of its
# dependencies, so node-gyp-build is not resolvable and the loader's own lookup finds the prebuild
mkdir -p "$TMP/unpacked" && tar -xzf "$TARBALL" -C "$TMP/unpacked"
P=$(new_project linked-prebuild)
form "3b npm install --ignore-scripts /path/to/unpacked-package (no node-gyp-build)" prebuild "$P" \
  npm install --ignore-scripts "${NPM_QUIET[@]}" "$TMP/unpacked/package"
if [ -e "$TMP/unpacked/package/node_modules/node-gyp-build" ]; then
  echo "  (note: node-gyp-build was installed into the linked folder; the fallback was not exercised)"
fi

# 4: from git (pacote clones, installs and packs; no prebuilds in git: compiles)
P=$(new_project git)
form "4 npm install git+file:///clone" compiled "$P" npm install "${NPM_QUIET[@]}" "git+file://$TMP/clone"

# 5: pnpm, scripts not run, ESM as well
npm install --prefix "$TMP/pnpm" "${NPM_QUIET[@]}" "pnpm@$PNPM_VERSION" > "$TMP/pnpm-install.log" 2>&1 \
  || { cat "$TMP/pnpm-install.log"; echo "FAIL: could not install pnpm@$PNPM_VERSION"; }
P=$(new_project pnpm esm)
form "5 pnpm@$PNPM_VERSION add TARBALL --ignore-scripts (+ ESM import)" prebuild "$P" \
  "$TMP/pnpm/node_modules/.bin/pnpm" add --ignore-scripts --reporter=silent \
  --store-dir "$TMP/pnpm-store" --config.cache-dir="$TMP/pnpm-cache" "$TARBALL"

# 6: no compiler. In project 2, force a compile (HALCHEMY_BUILD_FROM_SOURCE: the prebuild
# would be used otherwise) with a PATH that has node, npm and a shell but no cc/gcc/make.
t0=$(date +%s.%N)
echo "== 6 no compiler: npm rebuild halchemy, PATH without cc/gcc"
mkdir -p "$TMP/nocc-bin"
for tool in node npm sh bash env dirname uname cat sed grep python3 pkg-config; do
  p=$(command -v "$tool") && ln -sf "$p" "$TMP/nocc-bin/$tool"
done
P="$TMP/projects/tarball"
if (cd "$P" && PATH="$TMP/nocc-bin" HALCHEMY_BUILD_FROM_SOURCE=1 npm rebuild halchemy --foreground-scripts) > "$TMP/nocc.log" 2>&1; then
  cat "$TMP/nocc.log"; record FAIL "6 no compiler" "$t0" "npm rebuild succeeded without a compiler"
elif grep -q 'halchemy: cannot compile the native addon: missing a C compiler' "$TMP/nocc.log" \
  && grep -q 'apt-get install build-essential pkg-config libcurl4-openssl-dev libcjson-dev' "$TMP/nocc.log" \
  && ! grep -q 'gyp ERR' "$TMP/nocc.log"; then
  sed -n '/^halchemy: cannot compile/,/is set\.$/p' "$TMP/nocc.log" | sed 's/^/  > /'
  record PASS "6 no compiler: one clear message" "$t0"
else
  cat "$TMP/nocc.log"; record FAIL "6 no compiler" "$t0" "no clear message naming the packages"
fi

echo
echo "== summary ($(basename "$TARBALL"), $(du -h "$TARBALL" | cut -f1))"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
