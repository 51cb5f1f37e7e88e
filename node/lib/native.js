// native.js: loads the compiled addon (build/Release/halchemy.node).
'use strict'
const path = require('node:path')
module.exports = require(path.join(__dirname, '..', '..', 'build', 'Release', 'halchemy.node'))
