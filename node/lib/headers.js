// headers.js: request and response headers as JS objects looked up in any case (SPEC §9).
// Our choice: a plain object holding the names as they were sent or received, wrapped in a
// Proxy so `headers.etag`, `headers.ETag` and `headers['content-type']` all work, plus
// non-enumerable `get(name)` and `has(name)` for code that prefers a method.
'use strict'

// A header literally named `get` or `has` is shadowed by the method on the object (read it
// with headers.get('get')): the methods must stay callable whatever a server sends.
function caseInsensitiveHeaders (headers) {
  const flat = flatten(headers)
  const target = {}
  const byLower = new Map() // lower-case name -> [name as received, value]
  for (let i = 0; i + 1 < flat.length; i += 2) {
    target[flat[i]] = flat[i + 1]
    byLower.set(flat[i].toLowerCase(), [flat[i], flat[i + 1]])
  }
  const find = (name) => (typeof name === 'string' ? byLower.get(name.toLowerCase()) : undefined)
  Object.defineProperties(target, {
    get: { value: (name) => { const e = find(name); return e === undefined ? undefined : e[1] } },
    has: { value: (name) => find(name) !== undefined }
  })
  return new Proxy(target, {
    get (t, prop, receiver) {
      if (typeof prop === 'string' && !Object.prototype.hasOwnProperty.call(t, prop)) {
        const e = find(prop)
        if (e !== undefined) return e[1]
      }
      return Reflect.get(t, prop, receiver)
    },
    has (t, prop) {
      return typeof prop === 'string' ? (prop in t || find(prop) !== undefined) : prop in t
    }
  })
}

// Native code hands a header set over as one string, "name\0value\0name\0value" (NUL never
// occurs in either); a flat [name, value, ...] list is accepted as well.
function flatten (headers) {
  if (typeof headers !== 'string') return headers
  return headers === '' ? [] : headers.split('\0')
}

// One header, in any case, from either form without building the object.
function headerFrom (headers, name) {
  const flat = flatten(headers)
  const lower = name.toLowerCase()
  for (let i = 0; i + 1 < flat.length; i += 2) if (flat[i].toLowerCase() === lower) return flat[i + 1]
  return undefined
}

module.exports = { caseInsensitiveHeaders, headerFrom, flatten }
