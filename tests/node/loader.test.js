// Issue 11: where the addon comes from. In a checkout the loader takes build/Release (what
// `npm install` just compiled), never a prebuilds/ left by tools/dist_node.sh; the install
// script recompiles in a checkout instead of trusting an older build.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const native = require('../../node/lib/native.js')
const { ROOT } = require('./helpers')

test('a checkout loads build/Release, whatever prebuilds/ holds', () => {
  assert.equal(native.addonFile, path.join(ROOT, 'build', 'Release', 'halchemy.node'))
})
