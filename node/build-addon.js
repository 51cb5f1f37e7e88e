// Builds the addon with node-gyp against the headers of the Node that runs this script
// (node-gyp cannot download headers here): nodedir is that Node's install prefix, where
// include/node/ lives (/usr for Debian's nodejs, the prefix of an official tarball).
'use strict'
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const prefix = path.dirname(path.dirname(process.execPath))
const args = ['rebuild']
if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`)

function findNodeGyp () {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  ]
  for (const c of candidates) if (c && fs.existsSync(c)) return c
  try { return require.resolve('node-gyp/bin/node-gyp.js') } catch { return null }
}

const gyp = findNodeGyp()
const cwd = path.join(__dirname, '..')
if (gyp) {
  execFileSync(process.execPath, [gyp, ...args], { stdio: 'inherit', cwd })
} else {
  // e.g. Debian's npm, whose node-gyp is a separate command on PATH
  try {
    execFileSync('node-gyp', args, { stdio: 'inherit', cwd })
  } catch (err) {
    console.error('halchemy: could not run node-gyp (it ships with npm; on Debian: apt-get install node-gyp libnode-dev):', err.message)
    process.exit(1)
  }
}
