#!/usr/bin/env bash
# `make test-dist` (issue 11): installs the artefacts in dist/ on a minimal Debian with the
# runtime only, and runs the seed's example in both languages against the example server.
#
# The chroot is Debian bookworm made by debootstrap (variant minbase) from Debian's
# packages, plus `nodejs`, `python3`, `python3-venv` and `ca-certificates`, installed
# without recommends: no compiler, no make, no pkg-config, no -dev package, no libcurl and
# no cJSON. npm comes from the npm registry's own package (Debian's npm pulls node-gyp and
# libnode-dev in). The halchemy tarball's dependencies are put in an npm cache on this
# machine first, so both installs in the chroot run offline (`--offline`, `--no-index`):
# the artefact and what it declares are all it gets.
#
# It fails when:
#   - the chroot has a compiler or a -dev package (then the test would prove nothing);
#   - an install fails, compiles (a build/ folder appears, or a compiler is called), or the
#     example does not end with the server's 412 in either language;
#   - the sdist or a tarball without its prebuilt addon does NOT fail with the one clear
#     message that names the packages to install (there is no compiler to use);
#   - with the system CA bundle where Fedora and RHEL keep it (and Debian's gone), an https
#     request to a server that bundle trusts fails in either language: the bundled
#     libcurl's built-in path is Debian's, so the core must find the store itself.
# Needs root (debootstrap, chroot, mount). Usage: tests/dist/chroot.sh [DIST_DIR] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DIST=$(cd "${1:-dist}" && pwd)
WORK=${2:-build-c/dist-chroot}
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
NPM_VERSION=10.9.2   # npm 10 runs on the Node 18 that bookworm ships; npm 11 needs Node 20

say() { printf '== %s\n' "$*"; }
die() { printf 'test-dist: FAILED: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot and mount); run it as root or with sudo"
command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"

shopt -s nullglob
wheels=("$DIST"/halchemy-*-manylinux*.whl)
sdists=("$DIST"/halchemy-*.tar.gz)
tarballs=("$DIST"/halchemy-*.tgz)
shopt -u nullglob
[ ${#wheels[@]} = 1 ] || die "expected one manylinux wheel in $DIST, found ${#wheels[@]} (run make dist)"
[ ${#sdists[@]} = 1 ] || die "expected one sdist in $DIST, found ${#sdists[@]} (run make dist)"
[ ${#tarballs[@]} = 1 ] || die "expected one npm tarball in $DIST, found ${#tarballs[@]} (run make dist)"
WHEEL=${wheels[0]} SDIST=${sdists[0]} TARBALL=${tarballs[0]}

C=$(mkdir -p "$WORK" && cd "$WORK" && pwd)/root
mounted=()
SERVER_PID=
TLS_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$TLS_PID" ] && kill "$TLS_PID" 2>/dev/null || true
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
# A previous run that was killed may have left its mounts.
for m in "$C/dev/pts" "$C/dev" "$C/proc"; do mountpoint -q "$m" 2>/dev/null && umount -l "$m"; done
rm -rf "$C"

t0=$SECONDS
say "debootstrap --variant=minbase $SUITE into $C"
debootstrap --variant=minbase "$SUITE" "$C" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 \
  || { tail -20 "$WORK/debootstrap.log"; die "debootstrap failed (log: $WORK/debootstrap.log)"; }
t_boot=$((SECONDS - t0))

mount -t proc proc "$C/proc" && mounted+=("$C/proc")
mount --bind /dev "$C/dev" && mounted+=("$C/dev")
cp /etc/resolv.conf "$C/etc/resolv.conf" 2>/dev/null || true
in_chroot() { chroot "$C" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

t0=$SECONDS
say "apt-get install nodejs python3 python3-venv ca-certificates (no recommends)"
in_chroot bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  --no-install-recommends nodejs python3 python3-venv ca-certificates' > "$WORK/apt.log" 2>&1 \
  || { tail -20 "$WORK/apt.log"; die "apt-get in the chroot failed (log: $WORK/apt.log)"; }
t_apt=$((SECONDS - t0))

# The runtime only: a compiler or a -dev package here would let a build pass unnoticed.
tools=$(in_chroot bash -c 'for t in cc gcc g++ c++ clang make pkg-config ld; do command -v $t; done' || true)
[ -z "$tools" ] || die "the chroot has build tools: $tools"
devs=$(in_chroot dpkg-query -W -f '${Package}\n' | grep -E -- '-dev(:|$)' || true)
[ -z "$devs" ] || die "the chroot has -dev packages: $devs"
curl_libs=$(in_chroot bash -c 'ls /usr/lib/x86_64-linux-gnu/ | grep -E "^lib(curl|cjson)" || true')
[ -z "$curl_libs" ] || die "the chroot has libcurl or cJSON of its own ($curl_libs): the bundling would be untested"
say "chroot ready: $(in_chroot node --version), $(in_chroot python3 --version); no compiler, no -dev package, no libcurl"

# npm from the registry, and an npm cache holding what the tarball depends on (this
# machine reaches the registry; the chroot installs offline from the cache).
NODE_DEPS=$(node -e "const p=require(process.argv[1] + '/package.json');console.log(Object.entries(p.dependencies||{}).map(([n,v])=>n+'@'+v).join(' '))" "$ROOT")
mkdir -p "$C/opt/npm" "$C/opt/dist" "$C/opt/example"
( cd "$WORK" && rm -f npm-*.tgz && npm pack --silent "npm@$NPM_VERSION" >/dev/null ) \
  || die "could not fetch npm@$NPM_VERSION from the registry"
tar -xzf "$WORK/npm-$NPM_VERSION.tgz" -C "$C/opt/npm" --strip-components=1
# shellcheck disable=SC2086
npm cache add --cache "$C/opt/npm-cache" $NODE_DEPS >/dev/null 2>&1 \
  || die "could not put the tarball's dependencies ($NODE_DEPS) in the npm cache"
cp "$WHEEL" "$SDIST" "$TARBALL" "$C/opt/dist/"
cp examples/optimistic_concurrency.py examples/optimistic_concurrency.js "$C/opt/example/"
NPM="node /opt/npm/bin/npm-cli.js --cache /opt/npm-cache --offline --no-audit --no-fund --loglevel=error"

say "starting the example server (examples/server/server.py) on 127.0.0.1"
exec {srv}< <(exec python3 examples/server/server.py --port 0)
SERVER_PID=$!
read -r -t 10 BASE <&"$srv" || die "the example server did not start"

# ---- Python: the wheel, offline, nothing else ------------------------------------------
t0=$SECONDS
in_chroot python3 -m venv /opt/py || die "python3 -m venv failed in the chroot"
in_chroot /opt/py/bin/pip install -q --no-index --only-binary=:all: "/opt/dist/$(basename "$WHEEL")" \
  || die "pip install of $(basename "$WHEEL") failed in the chroot"
t_pip=$((SECONDS - t0))
say "Python: installed $(basename "$WHEEL") in ${t_pip} s (venv included)"
out=$(in_chroot env HALCHEMY_BASE_URL="$BASE" /opt/py/bin/python /opt/example/optimistic_concurrency.py 2>&1) \
  || { echo "$out"; die "the Python example failed in the chroot"; }
echo "$out" | sed 's/^/   /'
grep -q 'Someone else has changed customer' <<<"$out" || die "the Python example did not see the 412"

# ---- Node: the tarball, offline, with its prebuilt addon ------------------------------
t0=$SECONDS
in_chroot bash -c "mkdir -p /opt/app && cd /opt/app && echo '{\"name\":\"app\",\"private\":true}' > package.json \
  && $NPM install /opt/dist/$(basename "$TARBALL")" > "$WORK/npm.log" 2>&1 \
  || { cat "$WORK/npm.log"; die "npm install of $(basename "$TARBALL") failed in the chroot"; }
t_npm=$((SECONDS - t0))
say "Node: installed $(basename "$TARBALL") in ${t_npm} s"
[ ! -e "$C/opt/app/node_modules/halchemy/build" ] \
  || die "npm install compiled the addon in the chroot (node_modules/halchemy/build exists)"
cp "$C/opt/example/optimistic_concurrency.js" "$C/opt/app/"
out=$(in_chroot bash -c "cd /opt/app && HALCHEMY_BASE_URL='$BASE' node optimistic_concurrency.js" 2>&1) \
  || { echo "$out"; die "the JavaScript example failed in the chroot"; }
echo "$out" | sed 's/^/   /'
grep -q 'Someone else has changed customer' <<<"$out" || die "the JavaScript example did not see the 412"

# ---- The system CA store where another distribution keeps it ----------------------------
say "TLS: the system CA bundle at Fedora's path (/etc/pki/tls/certs/ca-bundle.crt), Debian's moved away"
sh tests/server/make_certs.sh "$WORK/pki" > /dev/null 2>&1 || die "tests/server/make_certs.sh failed"
exec {tls}< <(exec python3 tests/server/tls_server.py --cert "$WORK/pki/server.pem" \
  --key "$WORK/pki/server.key" --ca "$WORK/pki/ca.pem" --port 0 2> "$WORK/tls.log")
TLS_PID=$!
read -r -t 10 TLS_BASE <&"$tls" || die "the TLS server did not start (log: $WORK/tls.log)"
mkdir -p "$C/etc/pki/tls/certs"
cat "$C/etc/ssl/certs/ca-certificates.crt" "$WORK/pki/ca.pem" > "$C/etc/pki/tls/certs/ca-bundle.crt"
mv "$C/etc/ssl/certs" "$C/etc/ssl/certs.debian"
cat > "$C/opt/app/tls_check.js" <<'JS'
const { Api } = require('halchemy')
new Api(process.argv[2]).home.get().then((r) => console.log(r._halchemy.response.status),
  (e) => { console.log(`${e.name}: ${e.message}`); process.exitCode = 1 })
JS
set +e
py_tls=$(in_chroot /opt/py/bin/python -c 'import sys, halchemy
try:
    print(halchemy.Api(sys.argv[1]).home.get()._halchemy.response.status_code)
except halchemy.HalchemyError as e:
    sys.exit(f"{type(e).__name__}: {e}")' "$TLS_BASE" 2>&1)
js_tls=$(in_chroot bash -c "cd /opt/app && node tls_check.js '$TLS_BASE'" 2>&1)
set -e
mv "$C/etc/ssl/certs.debian" "$C/etc/ssl/certs"
rm -rf "$C/etc/pki"
kill "$TLS_PID" 2>/dev/null || true
TLS_PID=
say "   Python: $py_tls; Node: $js_tls"
[ "$py_tls" = 200 ] || die "Python did not find the system CA bundle at Fedora's path"
[ "$js_tls" = 200 ] || die "Node did not find the system CA bundle at Fedora's path"

# ---- No prebuild that fits, no compiler: one clear message -----------------------------
say "Node: a tarball without its prebuilt addon must fail with the message naming the packages"
rm -rf "$WORK/repack" && mkdir -p "$WORK/repack" && tar -xzf "$TARBALL" -C "$WORK/repack"
rm -rf "$WORK/repack/package/prebuilds"
tar -czf "$C/opt/dist/halchemy-noprebuild.tgz" -C "$WORK/repack" package
set +e
out=$(in_chroot bash -c "mkdir -p /opt/app2 && cd /opt/app2 && echo '{\"name\":\"app2\",\"private\":true}' > package.json \
  && $NPM install /opt/dist/halchemy-noprebuild.tgz" 2>&1); rc=$?
set -e
[ $rc != 0 ] || die "npm install without a prebuild succeeded in a chroot that has no compiler"
grep -q 'build-essential' <<<"$out" && grep -q 'libcurl4-openssl-dev' <<<"$out" \
  || { echo "$out"; die "npm install without a prebuild did not name the packages to install"; }
{ sed -n 's/^npm error //p' <<<"$out" | grep -A4 -m1 '^halchemy: cannot compile' || true; } | sed 's/^/   /'

say "Python: the sdist must fail with the message naming the packages"
set +e
out=$(in_chroot /opt/py/bin/pip install --no-index --no-build-isolation "/opt/dist/$(basename "$SDIST")" 2>&1); rc=$?
set -e
[ $rc != 0 ] || die "pip install of the sdist succeeded in a chroot that has no compiler"
grep -q 'libcurl4-openssl-dev' <<<"$out" \
  || { echo "$out" | tail -20; die "pip install of the sdist did not name the packages to install"; }
grep -m1 'halchemy needs' <<<"$out" | sed 's/^ */   /'

say "test-dist passed: debootstrap ${t_boot} s, apt ${t_apt} s, pip install ${t_pip} s, npm install ${t_npm} s"
printf '   %s\n' "$(du -h "$WHEEL" | cut -f1) $(basename "$WHEEL")" \
  "$(du -h "$SDIST" | cut -f1) $(basename "$SDIST")" "$(du -h "$TARBALL" | cut -f1) $(basename "$TARBALL")"
