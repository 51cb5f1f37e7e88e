// npm's `install` script. In an installed package it first tries the addon that is already
// there (the linux-x64 glibc prebuild the package carries, or an earlier build) and stops
// if it loads: no compiler needed. Otherwise (no prebuild fits, or a git checkout, where
// the C sources may have changed) it compiles with node-gyp against the headers of the
// Node that runs this script (node-gyp cannot download headers here): nodedir is that
// Node's install prefix, where include/node/ lives (/usr for Debian's nodejs, the prefix of
// an official tarball). Before compiling it makes sure the build can work: node-addon-api
// resolvable (installed into the package folder when npm linked the folder without its
// dependencies) and the compiler, make, pkg-config, libcurl and libcJSON present, or one
// clear message naming what to install.
'use strict'
const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const prefix = path.dirname(path.dirname(process.execPath))
const DEBIAN_PACKAGES = 'build-essential pkg-config libcurl4-openssl-dev libcjson-dev'

function say (line) { console.error(`halchemy: ${line}`) }

// A git checkout builds every time: its build/ may be older than its sources.
function isCheckout () { return fs.existsSync(path.join(ROOT, '.git')) }

// Does the addon the loader would pick load, in a child Node (so a crash cannot take this
// script down)? Returns its file, or null.
function loadableAddon () {
  const probe = 'const a = require(process.argv[1]); process.stdout.write(a.addonFile + "\\n")'
  const r = spawnSync(process.execPath, ['-e', probe, path.join(ROOT, 'node', 'lib', 'native.js')],
    { encoding: 'utf8', cwd: ROOT })
  return r.status === 0 ? r.stdout.trim() : null
}

function canResolve (id) {
  try { require.resolve(id, { paths: [ROOT] }); return true } catch { return false }
}

// `npm install /path/to/halchemy` links the folder and installs none of its dependencies,
// but binding.gyp needs node-addon-api's headers: install them into the folder, with the
// npm that runs this script.
function ensureOwnDependencies () {
  if (canResolve('node-addon-api')) return
  say(`node-addon-api is not installed in ${ROOT} (a linked folder?): installing the package's own dependencies there`)
  const npmArgs = ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev', '--no-package-lock']
  const npmCli = process.env.npm_execpath
  const r = npmCli && /\.[cm]?js$/.test(npmCli)
    ? spawnSync(process.execPath, [npmCli, ...npmArgs], { cwd: ROOT, stdio: 'inherit', env: cleanNpmEnv() })
    : spawnSync(npmCli || 'npm', npmArgs, { cwd: ROOT, stdio: 'inherit', env: cleanNpmEnv() })
  if (r.status !== 0 || !canResolve('node-addon-api')) {
    say(`could not install node-addon-api into ${ROOT}; run \`npm install --omit=dev --ignore-scripts\` there, then \`npm rebuild halchemy\``)
    process.exit(1)
  }
}

// The outer npm's settings (global, prefix, omit, save...) must not leak into the inner
// install, which is about this folder only.
function cleanNpmEnv () {
  const env = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_(config|package|lifecycle)_/i.test(k)) env[k] = v
  }
  for (const k of ['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig']) {
    if (process.env[k]) env[k] = process.env[k]
  }
  return env
}

function onPath (cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue
    try { fs.accessSync(path.join(dir, cmd), fs.constants.X_OK); return true } catch {}
  }
  return false
}

// What node-gyp's build needs; one message for everything missing.
function checkToolchain () {
  const missing = []
  const cc = process.env.CC ? [process.env.CC.split(' ')[0]] : ['cc', 'gcc', 'clang']
  const cxx = process.env.CXX ? [process.env.CXX.split(' ')[0]] : ['c++', 'g++', 'clang++']
  if (!cc.some(onPath)) missing.push('a C compiler (cc/gcc)')
  if (!cxx.some(onPath)) missing.push('a C++ compiler (c++/g++)')
  if (!onPath('make')) missing.push('make')
  if (!onPath('pkg-config')) {
    missing.push('pkg-config (so libcurl and libcJSON could not be looked for either)')
  } else {
    for (const [mod, what] of [['libcurl', 'libcurl headers (libcurl.pc)'], ['libcjson', 'libcJSON headers (libcjson.pc)']]) {
      if (spawnSync('pkg-config', ['--exists', mod]).status !== 0) missing.push(what)
    }
  }
  if (missing.length === 0) return
  const lines = [
    '',
    `halchemy: cannot compile the native addon: missing ${missing.join(', ')}.`,
    `  On Debian/Ubuntu install them with:  apt-get install ${DEBIAN_PACKAGES}`,
    '  (Fedora: gcc gcc-c++ make pkgconf libcurl-devel cjson-devel; Alpine: build-base pkgconf curl-dev cjson-dev)',
    `  then run \`npm rebuild halchemy\`. ${whyCompile()}`,
    ''
  ]
  console.error(lines.join('\n'))
  process.exit(1)
}

// Why this install compiles at all, for the message above.
function whyCompile () {
  const prebuilt = 'The npm package carries a prebuilt addon for linux-x64 with glibc, which needs no compiler'
  if (process.env.HALCHEMY_BUILD_FROM_SOURCE) return `${prebuilt};\n  it was not used because HALCHEMY_BUILD_FROM_SOURCE is set.`
  if (isCheckout()) return `${prebuilt};\n  a git checkout (${ROOT}) always compiles.`
  return `${prebuilt};\n  none fits this system (${process.platform}-${process.arch}, Node ${process.version}) or it did not load.`
}

function findNodeGyp () {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  ]
  for (const c of candidates) if (c && fs.existsSync(c)) return c
  try { return require.resolve('node-gyp/bin/node-gyp.js') } catch { return null }
}

function compile () {
  const args = ['rebuild']
  if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`)
  const gyp = findNodeGyp()
  try {
    if (gyp) {
      execFileSync(process.execPath, [gyp, ...args], { stdio: 'inherit', cwd: ROOT })
    } else {
      // e.g. Debian's npm, whose node-gyp is a separate command on PATH
      execFileSync('node-gyp', args, { stdio: 'inherit', cwd: ROOT })
    }
  } catch (err) {
    if (!gyp && err.code === 'ENOENT') {
      say('could not run node-gyp (it ships with npm; on Debian: apt-get install node-gyp libnode-dev)')
    } else {
      say(`node-gyp failed (${err.message.split('\n')[0]}); see its output above. Build needs: apt-get install ${DEBIAN_PACKAGES}`)
    }
    process.exit(1)
  }
}

function main () {
  if (process.argv[2] === '--print-node-gyp') { // for tools/dist_node.sh
    console.log(findNodeGyp() || 'node-gyp')
    return
  }
  if (!isCheckout() && !process.env.HALCHEMY_BUILD_FROM_SOURCE) {
    const file = loadableAddon()
    if (file) {
      const kind = file.includes(`${path.sep}prebuilds${path.sep}`) ? 'the prebuilt addon' : 'the addon already built'
      console.log(`halchemy: using ${kind} ${path.relative(ROOT, file)} (nothing to compile)`)
      return
    }
  }
  ensureOwnDependencies()
  checkToolchain()
  compile()
}

main()
