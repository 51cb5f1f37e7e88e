// The seed's optimistic-concurrency example in JavaScript, against the customers API.
// First an undisturbed change, then a stale one that the server answers with 412.
// Point it at another API with HALCHEMY_BASE_URL (default http://localhost:2112).
const { Api } = require('halchemy')

async function main () {
  const api = new Api(process.env.HALCHEMY_BASE_URL || 'http://localhost:2112')
  const home = await api.home.get()
  const customers = await api.follow(home).to('customers').get()

  console.log('1) Changing customer A375 while nobody else touches it:')
  let customer = await api.follow(customers).to('item').withTemplateValues({ membershipId: 'A375' }).get()
  customer = await api.follow(customer).to('self').patch({ givenName: 'Leslie' })
  const sent = customer._halchemy.request
  console.log(`   ${sent.method} ${sent.url} (If-Match: ${sent.headers['If-Match']}) -> ` +
    `${customer._halchemy.response.status}; givenName is now ${customer.givenName}`)

  console.log('2) Someone else changes customer A375 between our GET and our PATCH:')
  customer = await api.follow(customers).to('item').withTemplateValues({ membershipId: 'A375' }).get()
  const someoneElse = new Api(api.baseUrl)
  let theirs = await someoneElse.follow(customers).to('item').withTemplateValues({ membershipId: 'A375' }).get()
  theirs = await someoneElse.follow(theirs).to('self').patch({ givenName: 'Robin' })
  console.log(`   someone else set givenName to ${theirs.givenName} -> ${theirs._halchemy.response.status}`)

  customer = await api.follow(customer).to('self').patch({ givenName: 'Leslie' })
  if (customer._halchemy.response.status === 412) {
    console.log(`Someone else has changed customer #${customer['membershipId']}.`)
    console.log('Please refresh to see the changes, then try again if necessary.')
  } else {
    throw new Error(`expected 412 Precondition Failed, got ${customer._halchemy.response.status}`)
  }
}

main().catch((err) => { console.error(err); process.exit(1) })
