// The Node benchmark (run by hand via bench/run.sh): the walk home -> customers ->
// templated item with halchemy, and with Node's own http module (keep-alive agent) plus
// JSON.parse doing the same work; sequentially and with 50 walks in flight at once.
// Also the time `require('halchemy')` adds over bare node. Prints a Markdown table.
'use strict'
const http = require('node:http')
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const { Api } = require(path.join(__dirname, '..'))

const base = process.argv[2] || 'http://127.0.0.1:8089'
const N = Number(process.env.N || 2000)
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
const ACCEPT = 'application/hal+json, application/json;q=0.9, */*;q=0.8'

function rawGet (url) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { Accept: ACCEPT } }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => { try { resolve({ headers: res.headers, body: JSON.parse(Buffer.concat(chunks)) }) } catch (e) { reject(e) } })
    }).on('error', reject)
  })
}

async function walkRaw () {
  const home = (await rawGet(base + '/')).body
  const customers = (await rawGet(base + home._links.customers.href)).body
  const item = (await rawGet(base + customers._links.item.href.replace('{membershipId}', 'A375'))).body
  if (item.membershipId !== 'A375') throw new Error('bad walk')
}

const api = new Api(base)
async function walkHalchemy () {
  const home = await api.home.get()
  const customers = await api.follow(home).to('customers').get()
  const item = await api.follow(customers).to('item').withTemplateValues({ membershipId: 'A375' }).get()
  if (item.membershipId !== 'A375') throw new Error('bad walk')
}

async function sequential (walk, n) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) await walk()
  return (n * 3) / (Number(process.hrtime.bigint() - start) / 1e9)
}

async function concurrent (walk, n, inFlight) {
  const start = process.hrtime.bigint()
  let next = 0
  const worker = async () => { while (next++ < n) await walk() }
  await Promise.all(Array.from({ length: inFlight }, worker))
  return (n * 3) / (Number(process.hrtime.bigint() - start) / 1e9)
}

function requireMs () {
  const best = (args) => {
    let b = Infinity
    for (let i = 0; i < 15; i++) {
      const t = process.hrtime.bigint()
      execFileSync(process.execPath, args)
      b = Math.min(b, Number(process.hrtime.bigint() - t) / 1e6)
    }
    return b
  }
  return best(['-e', `require(${JSON.stringify(path.join(__dirname, '..'))})`]) - best(['-e', '0'])
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1] }

async function main () {
  const rounds = Number(process.env.ROUNDS || 7)
  const best = { hs: 0, rs: 0, hc: 0, rc: 0 }
  const ratio = { s: [], c: [] } // per round: both loops ran back to back, in the same conditions
  await sequential(walkHalchemy, 100)
  await sequential(walkRaw, 100)
  for (let r = 0; r < rounds; r++) {
    const hs = await sequential(walkHalchemy, N)
    const rs = await sequential(walkRaw, N)
    const hc = await concurrent(walkHalchemy, N, 50)
    const rc = await concurrent(walkRaw, N, 50)
    ratio.s.push(hs / rs)
    ratio.c.push(hc / rc)
    best.hs = Math.max(best.hs, hs)
    best.rs = Math.max(best.rs, rs)
    best.hc = Math.max(best.hc, hc)
    best.rc = Math.max(best.rc, rc)
  }
  const f = (x) => Math.round(x).toLocaleString('en-US')
  console.log(`| Node, walk (best of ${rounds} rounds) | halchemy (C core) req/s | http + keep-alive agent + JSON.parse req/s | ratio of bests | median of per-round ratios |`)
  console.log('|---|---:|---:|---:|---:|')
  console.log(`| sequential | ${f(best.hs)} | ${f(best.rs)} | ${(best.hs / best.rs).toFixed(2)}x | ${median(ratio.s).toFixed(2)}x (target >= 1.2x) |`)
  console.log(`| 50 in flight | ${f(best.hc)} | ${f(best.rc)} | ${(best.hc / best.rc).toFixed(2)}x | ${median(ratio.c).toFixed(2)}x (target >= 1.5x) |`)
  console.log()
  console.log(`require('halchemy'): ${requireMs().toFixed(1)} ms over bare node`)
  agent.destroy()
}

main().catch((e) => { console.error(e); process.exit(1) })
