// native.js: loads the compiled addon that `npm install` built with node-gyp (binding.gyp).
'use strict'
const path = require('node:path')

const build = path.join(__dirname, '..', '..', 'build')
let addon
try {
  addon = require(path.join(build, 'Release', 'halchemy.node'))
} catch (err) {
  if (err.code !== 'MODULE_NOT_FOUND') throw err
  try {
    addon = require(path.join(build, 'Debug', 'halchemy.node')) // node-gyp rebuild --debug
  } catch {
    err.message += '\nhalchemy: the native addon is not built; run `npm install` (or `npx node-gyp rebuild`) in the package folder'
    throw err
  }
}
module.exports = addon
