// native.js: loads the addon. Where it comes from, in order (node-gyp-build's own order):
//   1. build/Release (or build/Debug): compiled in this folder by `npm install`'s script
//      (node/build-addon.js) or by a developer; a build here is always the freshest one,
//      so a stale prebuilds/ in a checkout can never shadow it;
//   2. prebuilds/<platform>-<arch>/halchemy.glibc.node: the N-API prebuild the npm package
//      carries (tools/dist_node.sh), with the shared libraries it needs beside it (RPATH
//      $ORIGIN); one binary for every Node >= 18.
// node-gyp-build (a dependency) does the lookup. When it cannot be resolved (a folder that
// `npm install /path/to/halchemy` linked, whose own node_modules is empty) the same places
// are looked at directly.
'use strict'
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..', '..')
const HINT = 'halchemy: no usable native addon. A prebuilt one ships for linux-x64 (glibc); ' +
  'elsewhere it is compiled by the install script: run `npm rebuild halchemy` (not with ' +
  '--ignore-scripts), which needs a C compiler, make, pkg-config and libcurl and libcJSON ' +
  'headers (Debian/Ubuntu: apt-get install build-essential pkg-config libcurl4-openssl-dev ' +
  'libcjson-dev)'

// The addon's file, without node-gyp-build: the same order, the same file names.
function findDirectly () {
  for (const dir of ['build/Release', 'build/Debug']) {
    const file = path.join(ROOT, dir, 'halchemy.node')
    if (fs.existsSync(file)) return file
  }
  const prebuilds = path.join(ROOT, 'prebuilds', `${process.platform}-${process.arch}`)
  let names = []
  try { names = fs.readdirSync(prebuilds) } catch {}
  // halchemy.node, halchemy.glibc.node; never the bundled lib*.so.N beside it
  const libc = isMusl() ? 'musl' : 'glibc'
  const hit = names.filter((n) => n.endsWith('.node'))
    .filter((n) => { const tags = n.split('.').slice(1, -1); return tags.every((t) => t === libc || t === 'napi') })
    .sort((a, b) => b.split('.').length - a.split('.').length)[0]
  return hit ? path.join(prebuilds, hit) : null
}

function isMusl () {
  try { return !process.report.getReport().header.glibcVersionRuntime } catch { return false }
}

// The file to load, and how it was found (for errors and for `npm install`'s script).
function locate () {
  let nodeGypBuild = null
  try { nodeGypBuild = require('node-gyp-build') } catch {}
  if (nodeGypBuild) {
    try {
      return nodeGypBuild.path(ROOT)
    } catch (err) {
      throw Object.assign(new Error(`${err.message.trim()}\n${HINT}`), { code: 'HALCHEMY_NO_ADDON' })
    }
  }
  const file = findDirectly()
  if (!file) {
    throw Object.assign(new Error(`no native build was found in ${path.join(ROOT, 'build')} or ` +
      `${path.join(ROOT, 'prebuilds', `${process.platform}-${process.arch}`)}\n${HINT}`),
    { code: 'HALCHEMY_NO_ADDON' })
  }
  return file
}

function load () {
  const file = locate()
  try {
    return { addon: require(file), file }
  } catch (err) {
    err.message += `\nhalchemy: loading ${file} failed.\n${HINT}`
    throw err
  }
}

const { addon, file } = load()
// Where the addon came from (smoke tests check whether a prebuild or a compiled build was used).
Object.defineProperty(addon, 'addonFile', { value: file, enumerable: false })
module.exports = addon
