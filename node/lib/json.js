// json.js: JS values as JSON text for the core (SPEC §7 v2). JSON.stringify writes NaN and
// ±Infinity as null and silently drops functions and symbols; here a non-finite number is
// refused with the core's own HalchemyError (code 'json', the message Python gives for the
// same value), and a function or symbol is a TypeError, as a BigInt or a cycle already is.
// Nothing is sent in either case. (`undefined` members are left out, as JSON.stringify does.)
'use strict'

const native = require('./native')

const WHAT = { body: 'the request body', values: 'template values', parameters: 'query parameters', headers: 'headers' }

function replacerFor (place) {
  return function (key, value) {
    switch (typeof value) {
      case 'number':
        if (value - value !== 0) throw native.nonFiniteError(place, String(value)) // NaN, ±Infinity
        return value
      case 'function':
      case 'symbol':
        throw new TypeError(`a ${typeof value} cannot be sent as JSON (in ${WHAT[place]})`)
      default:
        return value
    }
  }
}

const REPLACERS = {}
for (const place of Object.keys(WHAT)) REPLACERS[place] = replacerFor(place)

// JSON.stringify recurses, so a value nested deeper than the JS stack allows throws a raw
// RangeError. Then the same text is written here without recursion (an explicit stack), so
// the core sees what Python sends for that value and refuses it past 1,000 levels with the
// same message (SPEC §9, §12), never a RangeError.
function stringifyDeep (root, replacer) {
  const parts = []
  const stack = []
  const open = new Set() // the containers being written: one met again is a cycle
  const prepare = (holder, key, v) => {
    if (v !== null && typeof v === 'object' && typeof v.toJSON === 'function') v = v.toJSON(key)
    return replacer ? replacer.call(holder, key, v) : v
  }
  // Writes v; false when it writes nothing (undefined, a function or symbol as a member).
  const emit = (v, inList) => {
    if (v !== null && typeof v === 'object') {
      if (open.has(v)) throw new TypeError('Converting circular structure to JSON')
      open.add(v)
      const list = Array.isArray(v)
      parts.push(list ? '[' : '{')
      stack.push({ v, keys: list ? null : Object.keys(v), i: 0, n: 0 })
      return true
    }
    const text = JSON.stringify(v)
    if (text === undefined) {
      if (!inList) return false
      parts.push('null')
      return true
    }
    parts.push(text)
    return true
  }
  if (!emit(prepare({ '': root }, '', root), false)) return undefined
  while (stack.length > 0) {
    const f = stack[stack.length - 1]
    const end = f.keys === null ? f.v.length : f.keys.length
    if (f.i === end) {
      parts.push(f.keys === null ? ']' : '}')
      open.delete(f.v)
      stack.pop()
      continue
    }
    if (f.keys === null) {
      const i = f.i++
      if (i > 0) parts.push(',')
      emit(prepare(f.v, String(i), f.v[i]), true)
    } else {
      const key = f.keys[f.i++]
      const mark = parts.length
      parts.push((f.n > 0 ? ',' : '') + JSON.stringify(key) + ':')
      if (emit(prepare(f.v, key, f.v[key]), false)) f.n++
      else parts.length = mark
    }
  }
  return parts.join('')
}

// JSON.stringify(value, replacer), or the same text without recursion when it is too deep.
function stringify (value, replacer) {
  try {
    return JSON.stringify(value, replacer)
  } catch (err) {
    if (!(err instanceof RangeError)) throw err
    return stringifyDeep(value, replacer)
  }
}

// The JSON text of `value` for a place: 'body', 'values', 'parameters' or 'headers'.
function toJson (value, place) {
  return stringify(value, REPLACERS[place])
}

module.exports = { toJson, stringify, stringifyDeep }
