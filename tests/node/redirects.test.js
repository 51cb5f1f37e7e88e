// SPEC §12 redirects: every case of tests/vectors/redirects.json through the JS API against
// the test servers (the C and Python runners read the same file).
'use strict'
const assert = require('node:assert/strict')
const test = require('node:test')
const halchemy = require('halchemy')
const { useServers, vectors } = require('./helpers')

const servers = useServers()

for (const c of vectors('redirects.json')) {
  test(`§12 redirect ${c.method} ${c.code} to ${c.to}`, async () => {
    const { base, other: otherBase } = servers
    const api = new halchemy.Api(base)
    const to = c.to === 'same' ? '/echo/r' : c.to === 'other' ? `${otherBase}/echo/r` : c.to
    const r = api.usingEndpoint('/redirect').withParameters({ to, code: c.code })
    const method = c.method.toLowerCase()
    const send = () => ('data' in c ? r[method](c.data) : r[method]())
    if (c.error) {
      await assert.rejects(send(), (e) => e instanceof halchemy.NetworkError && e.code === c.error &&
        e._halchemy.response.statusCode === 0)
      return
    }
    const echo = await send()
    assert.equal(echo.path, '/echo/r')
    assert.equal(echo.method, c.expected.method)
    assert.equal(echo.body !== '', c.expected.body)
    if (c.expected.body) assert.deepEqual(JSON.parse(echo.body), c.data)
    assert.equal('Authorization' in echo.headers, c.expected.authorization)
    assert.equal(echo._halchemy.request.method, c.expected.method)
    assert.equal((await api.usingEndpoint('/echo/after').get()).path, '/echo/after')
  })
}
