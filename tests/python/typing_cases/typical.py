"""Typical use of halchemy, as the README writes it: mypy --strict must find nothing here
(tests/python/test_typing.py). Type-checked only, never run."""
import asyncio
from typing import Any, Coroutine, List, assert_type

from halchemy import (JSON_NULL, Api, AsyncApi, AsyncReadOnlyRequester, AsyncRequester,
                      HalchemyMetadata, HalResource, ReadOnlyRequester, Requester)

api = Api('http://localhost:2112', timeout=5, require_if_match=True, max_body=1 << 20,
          error_handling={'raise_for_status_codes': '>499'}, parameters_list_style='comma')
api.timeout = 10
api.timeout = None
api.parameters_list_style = 'comma'
api.error_handling = {'raise_for_network_errors': False}
api.error_handling.raise_for_status_codes = '>399'
home: HalResource = api.home.get()
assert_type(api.home.with_headers({'A': 'b'}), ReadOnlyRequester)
assert_type(api.using_endpoint('/x').with_timeout(1), Requester)
assert_type(home._halchemy, HalchemyMetadata)
customers = api.follow(home).to('customers').get()
requester: Requester = (api.follow(customers).to('item')
                        .with_template_values({'membershipId': 'A375'})
                        .with_headers({'X-Trace': '1'}).with_timeout(2.5))
customer = requester.get()
customer['givenName'] = 'Patricia'
customer = api.follow(customer).to('self').with_conflict_retry(2).put(customer)
meta: HalchemyMetadata = customer._halchemy
ok: bool = customer._halchemy.response.status_code == 412
retries: int = customer._halchemy.conflict_retries
api.follow(customer).to('self').patch({'tags': ['a', 'b'], 'n': 1, 'x': None, 'y': {'z': 1.5}})
api.using_endpoint('/echo').post(b'raw', content_type='text/plain')
api.using_endpoint('/echo').post(JSON_NULL)
api.using_endpoint('/echo').post([1, 2, 3])
many: List[HalResource] = customers.embedded_many('customers')
for item in customers.collection('_items'):
    print(item['membershipId'])
if customer._halchemy.error is not None:
    print(customer._halchemy.error)


async def main() -> None:
    async with AsyncApi('http://localhost:2112', timeout=5) as aapi:
        assert_type(aapi.home.with_timeout(1), AsyncReadOnlyRequester)
        pending = assert_type(aapi.home.get(), Coroutine[Any, Any, HalResource])
        await pending
        ahome: HalResource = await aapi.home.get()
        r: AsyncRequester = aapi.follow(ahome).to('customers').with_parameters({'page': 2})
        page = await r.get()
        status: int = page._halchemy.response.status_code
        await aapi.follow(page).to('self').with_headers({'A': 'b'}).patch({'a': 1})
        print(status)

asyncio.run(main())
