// Compiled (never run) by tests/node/types/misuse.test.js with tsc --strict: each line
// marked `// TSnnnn` must fail with exactly that error, and no other line may fail.
import { Api, HalResource, FetchedResource } from 'halchemy'

const api = new Api('http://localhost:2112')
api.timeout = 'ten' // TS2322
api.maxBody = '1MB' // TS2322
api.verify = 'no' // TS2322
api.parametersListStyle = 'semicolon' // TS2322
api.proxy = 3128 // TS2322
api.errorHandling = { raiseForStatusCodes: 400 } // TS2322
api.errorHandling = { raiseOnStatus: '>399' } // TS2353
void new Api('http://x', null, { timeot: 5 }) // TS2561
void new Api('http://x', null, { timeout: '5s' }) // TS2322
void new Api('http://x', null, { cookies: 'yes' }) // TS2322
void new Api('http://x', { 'X-List': ['a'] }) // TS2322
api.cookieJar = [] // TS2540
api.closed = false // TS2540
void api.home.post({}) // TS2339
void api.home.withTimeout('1s') // TS2345
void api.usingEndpoint('/c').withConflictRetry('2') // TS2345
void api.follow({}).to('item', { colour: 'red' }) // TS2353

async function bodies (): Promise<void> {
  const r = api.usingEndpoint('/customers')
  await r.post({ onChange: () => 1 }) // TS2769
  await r.post({ id: 10n }) // TS2769
  await r.put(Symbol('x')) // TS2769
  await r.patch({ givenName: 'Kim' }, 42) // TS2769
  r.withParameters(['a', 'b']) // TS2345
  r.withTemplateValues({ id: () => 'x' }) // TS2322
}

async function resources (embedded: HalResource, fetched: FetchedResource): Promise<void> {
  console.log(embedded._halchemy.response.status) // TS18047
  const many: HalResource[] = fetched.embedded('items', 'one') // TS2740
  const one: HalResource = fetched.embedded('owner') // TS2322
  fetched._halchemy = null // TS2540
  const status: string = fetched._halchemy.response.status // TS2322
  console.log(many, one, status)
}

void bodies
void resources
