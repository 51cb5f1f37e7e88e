"""Misuse that mypy --strict must reject: each line marked `# E: <code>` must get that error
and no other line any (tests/python/test_typing.py). Type-checked only, never run."""
from halchemy import Api, AsyncApi, HalResource

api = Api('http://localhost:2112', timeout=5)
api.timeout = 'ten'  # E: assignment
Api('http://localhost:2112', timout=5)  # E: call-arg
api.using_endpoint('/x').post({1, 2})  # E: arg-type
api.parameters_list_style = 'commas'  # E: assignment
api.home.with_headers({'A': 'b'}).post({})  # E: attr-defined
Api('http://localhost:2112', max_body='1MB')  # E: arg-type
api.follow(api.home.get()).to('self').with_conflict_retry('2')  # E: arg-type


async def not_awaited() -> HalResource:
    async with AsyncApi('http://localhost:2112') as aapi:
        return aapi.home.get()  # E: return-value
