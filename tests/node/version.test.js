// Issue 11: one version. `version` comes from the core (hc_version()), which the build
// compiled from package.json, and it is the User-Agent the server receives.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const halchemy = require('halchemy')
const { useServers, ROOT } = require('./helpers')

const servers = useServers()
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version

test('version is package.json\'s, in CommonJS and ES modules', async () => {
  assert.equal(halchemy.version, VERSION)
  const esm = await import('halchemy')
  assert.equal(esm.version, VERSION)
  assert.equal(esm.default.version, VERSION)
})

test('the User-Agent names the version', async () => {
  const api = new halchemy.Api(servers.base)
  const echo = await api.usingEndpoint('/echo/ua').get()
  const ua = Object.entries(echo.headers).find(([name]) => name.toLowerCase() === 'user-agent')
  assert.ok(ua, 'a User-Agent header was sent')
  assert.equal(ua[1], `halchemy/${VERSION}`)
})
