"""halchemy: follow a HAL API's links instead of hard-coding its URLs.

    api = Api('http://localhost:2112')
    home = api.home.get()
    customer = api.follow(home).to('customer').with_template_values({'membershipId': 'A375'}).get()

or with asyncio (SPEC §14): `async with AsyncApi(url) as api: home = await api.home.get()`.

The work is done by a C core over libcurl (halchemy._core); this package wraps it."""
from . import _core
from ._api import JSON_NULL, Api, ErrorHandling, Follower, ReadOnlyRequester, Requester
from ._async import AsyncApi, AsyncReadOnlyRequester, AsyncRequester
from ._errors import (ConfigError, HalchemyError, HalFormatError, HeaderError, HTTPError,
                      InvalidValueError, MissingETagError, MultiplicityError, NetworkError,
                      ParameterError, RelNotFoundError, SchemeError, StatusSpecError,
                      TemplateError, TimeoutError, make_error)
from ._resource import CaseInsensitiveDict, HalchemyMetadata, HalResource, Multiplicity

_core.set_error_factory(make_error)

__version__ = _core.version  # package.json's, through the core's hc_version()
__all__ = ["Api", "AsyncApi", "AsyncReadOnlyRequester", "AsyncRequester", "ErrorHandling", "Follower", "ReadOnlyRequester", "Requester", "HalResource",
           "HalchemyMetadata", "CaseInsensitiveDict", "Multiplicity", "JSON_NULL",
           "HalchemyError", "HTTPError", "NetworkError", "TemplateError", "ParameterError",
           "HeaderError", "SchemeError", "ConfigError", "StatusSpecError", "HalFormatError",
           "RelNotFoundError", "MultiplicityError", "MissingETagError", "TimeoutError",
           "InvalidValueError"]
