// Compiled (never run) by tests/node/types.test.js with tsc --strict: the README's usage
// must type-check against node/lib/index.d.ts, and misuse must not.
import halchemy, { Api, HalResource, FetchedResource, HTTPError, NetworkError, TimeoutError, Multiplicity, asResource, AbortError, Cookie, HistoryEntry, Requester, ReadOnlyRequester, ApiOptions, JsonCompatible } from 'halchemy'

async function walk (): Promise<void> {
  const api = new Api('http://localhost:2112', { 'X-Team': 'blue' })
  api.timeout = 10
  api.parametersListStyle = 'bracket'
  api.errorHandling = { raiseForStatusCodes: '>399', raiseOnNetworkError: false }
  api.addHeaders({ Accept: 'application/json', 'X-Count': 3 })
  api.removeHeaders(['Authorization'])
  const root: HalResource = await api.home.get()
  const customers = await api.follow(root).to('customers').withParameters({ page: 2 }).get()
  const customer = await api.follow(customers).to('item').withTemplateValues({ membershipId: 'A375' }).get()
  const updated = await api.follow(customer).to('self').patch({ givenName: 'Leslie' })
  const status: number = updated._halchemy!.response.status_code
  const etag: string | undefined = updated._halchemy!.response.headers.etag
  const sent: string = updated._halchemy!.request.method
  const rels: string[] = customer.links
  const one: HalResource = customers.embeddedOne('owner')
  const many: HalResource[] = customers.embedded('items', Multiplicity.MANY) as HalResource[]
  const built = asResource({ _links: { self: { href: '/x' } } })
  const has: boolean = built.hasRel('self')
  await api.usingEndpoint('/customers').post({ name: 'x' }, 'application/json')
  await api.usingEndpoint('/customers/A375').delete()
  const url: string = api.follow(customers).to('item').withTemplateValues({ membershipId: 'B' }).url
  try {
    await api.usingEndpoint('/nope').get()
  } catch (e) {
    if (e instanceof HTTPError) console.log(e._halchemy.response.statusCode, e.resource.membershipId)
    else if (e instanceof NetworkError) console.log(e.code)
  }
  console.log(status, etag, sent, rels, one, many, has, url, halchemy.Api === Api)
}

// @ts-expect-error: a requester from home is read-only
void new Api().home.post({})
// @ts-expect-error: not a list style
new Api().parametersListStyle = 'semicolon'

// SPEC §13 network settings
async function network (): Promise<void> {
  const api = new Api('https://127.0.0.1:8443', null, { caBundle: '/tmp/ca.pem', verify: true, proxy: null, cookies: true })
  api.clientCert = '/tmp/client.pem'
  api.clientKey = null
  const jar: Cookie[] = api.cookieJar
  const expires: number | null = jar.length ? jar[0].expires : null
  api.clearCookies()
  const controller = new AbortController()
  try {
    const r = await api.home.withTimeout(0.5).withSignal(controller.signal).get()
    const hops: HistoryEntry[] = r._halchemy!.history
    const first: number | undefined = hops[0]?.statusCode
    console.log(first, expires)
  } catch (e) {
    if (e instanceof AbortError) console.log(e.name, e.code, e.cause)
  }
  api.close()
  const closed: boolean = api.closed
  console.log(closed)
}
// @ts-expect-error: a timeout is a number of seconds
void new Api().home.withTimeout('1s')
// @ts-expect-error: cookieJar is read-only
new Api().cookieJar = []

// Issue 14: precise types for typical use.
interface Address { street: string, city: string }
interface Customer { membershipId: string, givenName: string, familyName?: string, tags: string[], address: Address, since: Date }

async function precise (): Promise<void> {
  const options: ApiOptions = { timeout: 5, maxBody: 1024, requireIfMatch: true, errorHandling: { raiseForStatusCodes: '>399' } }
  const api = new Api('http://localhost:2112', null, options)
  api.timeout = null
  api.timeout = 2.5
  const seconds: number = api.timeout
  // a resource a request returned: _halchemy needs no null check
  const home: FetchedResource = await api.home.get()
  const status: number = home._halchemy.response.status
  const retries: number = home._halchemy.conflictRetries
  // with* return the requester's own type
  const ro: ReadOnlyRequester = api.home.withHeaders({ Accept: 'application/hal+json' }).withTimeout(1)
  const rw: Requester = api.follow(home).to('customers').withParameters({ page: 1 }).withSignal(null).withConflictRetry(1)
  // bodies: any JSON-serialisable value, values typed by an interface included
  const customer: Customer = { membershipId: 'C1', givenName: 'Kim', tags: ['a'], address: { street: 'Main', city: 'X' }, since: new Date(0) }
  const created = await rw.post(customer)
  const fields: Partial<Customer> = { givenName: 'Leslie' }
  await api.follow(created).to('self').patch(fields)
  await api.follow(created).to('self').put({ ...created, givenName: 'Lee' })
  await api.follow(created).to('self').put(created)
  await rw.post([1, 'two', null, { three: true }])
  await rw.post(null)
  await rw.post()
  await rw.post(new Uint8Array([1, 2]), 'application/octet-stream')
  await rw.post('a=1', 'application/x-www-form-urlencoded')
  const templated = api.follow(home).to('customer').withTemplateValues<Pick<Customer, 'membershipId'>>({ membershipId: 'A375' })
  const loose: any = JSON.parse('{"x": 1}')
  await rw.post(loose)
  // embedded(): the expectation picks the type
  const one: HalResource = created.embedded('owner', 'one')
  const many: HalResource[] = created.embedded('items', Multiplicity.MANY)
  const either: HalResource | HalResource[] = created.embedded('items')
  const embeddedMeta = one._halchemy?.response.status
  try {
    await api.home.get()
  } catch (e) {
    if (e instanceof TimeoutError) console.log(e.code, e.resource?._halchemy?.response.status)
    else if (e instanceof HTTPError) console.log(e.resource._halchemy.response.reason)
  }
  const ok: JsonCompatible<Customer> = customer
  console.log(seconds, status, retries, ro.url, templated.url, many, either, embeddedMeta, ok)
}

void walk
void network
void precise
