// smoke.mjs: the ES-module face of an installed halchemy (tests/dist/npm_forms.sh copies it
// into the project): named and default imports, and one real GET of the demo server's home.
//   node smoke.mjs BASE_URL
import { Api, version } from 'halchemy'
import halchemy from 'halchemy'
import { createRequire } from 'node:module'

const pkg = createRequire(import.meta.url)('halchemy/package.json')
if (version !== pkg.version || halchemy.version !== pkg.version) {
  console.error(`smoke.mjs: FAIL: version ${version} is not package.json's ${pkg.version}`)
  process.exit(1)
}
const api = new Api(process.argv[2])
const home = await api.home.get()
const status = home._halchemy.response.status
if (status !== 200 || !home._links || !home._links.customers) {
  console.error(`smoke.mjs: FAIL: GET ${process.argv[2]}/ -> ${status}`)
  process.exit(1)
}
console.log(`smoke.mjs: import { Api } from 'halchemy' ${version}: GET / -> ${status}, links ${Object.keys(home._links).join(' ')}; OK`)
