// The Node figure for bench/async_bench.py: the walk home -> customers -> templated item
// with our Node package, N walks with IN_FLIGHT at once (as bench/node_bench.js's
// "50 in flight"), after a warm-up. Prints {"rps", "cpu_us"} (CPU per request: user +
// system time of the process over requests) as JSON.
'use strict'
const path = require('node:path')
const { Api } = require(path.join(__dirname, '..'))

const base = process.argv[2] || 'http://127.0.0.1:8089'
const N = Number(process.argv[3] || 2000)
const IN_FLIGHT = Number(process.argv[4] || 50)
const api = new Api(base)

async function walk () {
  const home = await api.home.get()
  const customers = await api.follow(home).to('customers').get()
  const item = await api.follow(customers).to('item').withTemplateValues({ membershipId: 'A375' }).get()
  if (item.membershipId !== 'A375') throw new Error('bad walk')
}

async function concurrent (n, inFlight) {
  let next = 0
  const worker = async () => { while (next++ < n) await walk() }
  await Promise.all(Array.from({ length: inFlight }, worker))
}

async function main () {
  await concurrent(100, IN_FLIGHT)
  const cpu = process.cpuUsage()
  const start = process.hrtime.bigint()
  await concurrent(N, IN_FLIGHT)
  const wall = Number(process.hrtime.bigint() - start) / 1e9
  const used = process.cpuUsage(cpu)
  console.log(JSON.stringify({ rps: (N * 3) / wall, cpu_us: (used.user + used.system) / (N * 3) }))
  api.close()
}

main().catch((e) => { console.error(e); process.exit(1) })
