"""halchemy: follow a HAL API's links instead of hard-coding its URLs.

    api = Api('http://localhost:2112')
    home = api.home.get()
    customer = api.follow(home).to('customer').with_template_values({'membershipId': 'A375'}).get()

or with asyncio (SPEC §14): `async with AsyncApi(url) as api: home = await api.home.get()`.

The work is done by a C core over libcurl (halchemy._core); this package wraps it.

Every public name has a docstring (`pydoc halchemy.Api`) giving argument and return shapes,
units and the errors raised, with the section of the behaviour contract (SPEC) it follows.
Types are for checkers (`py.typed`; `mypy --strict` passes on typical use): `Api(url,
**settings)` takes the keywords of `halchemy.Settings`, `with_*` return the requester's own
type, a requested resource's `_halchemy` is never None, and bodies are `halchemy.JSON`
values. Those type names exist for checkers; at run time `halchemy.JSON` is built on first
use, so `import halchemy` imports neither typing nor asyncio nor logging."""
from . import _core
from ._api import JSON_NULL, Api, ErrorHandling, Follower, ReadOnlyRequester, Requester
from ._errors import (ConfigError, HalchemyError, HalFormatError, HeaderError, HTTPError,
                      InvalidValueError, MissingETagError, MultiplicityError, NetworkError,
                      ParameterError, RelNotFoundError, SchemeError, StatusSpecError,
                      TemplateError, TimeoutError, make_error)
from ._resource import CaseInsensitiveDict, HalchemyMetadata, HalResource, Multiplicity

_core.set_error_factory(make_error)

__version__ = _core.version  # package.json's, through the core's hc_version()

TYPE_CHECKING = False  # type checkers take it as true, without importing typing (~15 ms)
if TYPE_CHECKING:  # for type checkers; at run time, __getattr__ below imports it
    from ._api import JSON, Body, ErrorHandlingSettings, Settings
    from ._async import AsyncApi, AsyncFollower, AsyncReadOnlyRequester, AsyncRequester

_ASYNC_NAMES = ("AsyncApi", "AsyncFollower", "AsyncReadOnlyRequester", "AsyncRequester")


def __getattr__(name: str) -> object:
    """AsyncApi and its requesters, imported on first use (PEP 562): asyncio alone takes
    longer to import than the rest of halchemy, and a script that never awaits should not
    pay for it (the import-time target of `bench/python_extra.py`). `JSON` (the type of a
    JSON value, for annotations) is built with typing on first use too."""
    if name == "JSON":
        from typing import Mapping, Sequence, Union
        value: object = Union[None, bool, int, float, str, Mapping[str, "JSON"],
                              Sequence["JSON"]]
        globals()[name] = value
        return value
    if name in _ASYNC_NAMES:
        from . import _async
        value = getattr(_async, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'halchemy' has no attribute {name!r}")


def __dir__() -> "list[str]":
    return sorted(set(globals()) | set(_ASYNC_NAMES) | {"JSON"})
__all__ = ["Api", "AsyncApi", "AsyncFollower", "AsyncReadOnlyRequester", "AsyncRequester", "ErrorHandling", "Follower", "ReadOnlyRequester", "Requester", "HalResource",
           "HalchemyMetadata", "CaseInsensitiveDict", "Multiplicity", "JSON_NULL",
           "HalchemyError", "HTTPError", "NetworkError", "TemplateError", "ParameterError",
           "HeaderError", "SchemeError", "ConfigError", "StatusSpecError", "HalFormatError",
           "RelNotFoundError", "MultiplicityError", "MissingETagError", "TimeoutError",
           "InvalidValueError"]
