"""The Python face of halchemy: Api, its error-handling settings, and the requesters at the
end of the fluent chain. Every rule runs in the C core (halchemy._core); this module turns
Python values into the core's JSON text and the core's results into resources."""
from __future__ import annotations

import json
import sys
from collections.abc import Mapping
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing

if TYPE_CHECKING:  # annotations are strings (from __future__), so typing is only for checkers
    # typing_extensions is read by type checkers only (mypy ships its stubs): never imported
    from typing import Any, Dict, Iterable, List, Optional, Sequence, Type, TypeVar, Union

    from typing_extensions import Literal, TypedDict, Unpack

    #: Any value JSON has a form for (SPEC §7): what a request body and template values and
    #: parameters may hold. Mapping and Sequence (not dict and list), so a Dict[str, str]
    #: or a List[int] is one too; tuples are written as arrays.
    JSON = Union[None, bool, int, float, str, Mapping[str, "JSON"], Sequence["JSON"]]
    #: A request body (SPEC §7): a JSON value (None: no body), JSON_NULL (a JSON null) or
    #: bytes sent as they are (§9).
    Body = Union[JSON, "_JsonNull", bytes, bytearray, memoryview]
    #: SPEC §5: how a list in the query is written.
    ListStyle = Literal["repeat_key", "bracket", "index", "comma", "pipe"]

    class ErrorHandlingSettings(TypedDict, total=False):
        """The error_handling group (SPEC §10), with the spellings the core also accepts."""

        raise_for_network_errors: bool
        raise_for_status_codes: Optional[str]
        raise_for_network_error: bool
        raise_on_network_error: bool
        raise_on_network_errors: bool
        raise_on_status_codes: Optional[str]

    class Settings(TypedDict, total=False):
        """The keywords of Api(url, headers, **settings) (SPEC §2, §13): the core's table."""

        parameters_list_style: ListStyle
        etag_field: str
        timeout: Optional[float]
        max_body: int
        require_if_match: bool
        ca_bundle: Optional[str]
        client_cert: Optional[str]
        client_key: Optional[str]
        verify: bool
        proxy: Optional[str]
        cookies: bool
        error_handling: Union["ErrorHandling", ErrorHandlingSettings]

    _R = TypeVar("_R", bound="ReadOnlyRequester")
    _RQ = TypeVar("_RQ", bound="Requester")

from . import _core
from ._errors import HTTPError, make_error, network_error
from ._resource import (HalchemyMetadata, HalResource, Request, Response, make_resource,
                        metadata_of, resource_links_json)


class _JsonNull:
    """Send a JSON `null` body: `requester.post(JSON_NULL)` (None means no body; SPEC §7)."""

    _instance: Optional["_JsonNull"] = None

    def __new__(cls) -> "_JsonNull":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "JSON_NULL"


JSON_NULL = _JsonNull()

_loads = json.loads
# SPEC §7 v2: the JSON text of a value for the core, written in C without recursion
# (python/src/values.c): json.dumps(ensure_ascii=False, separators=(",", ":"))'s text, 4 to
# 10 times faster. NaN and +-Infinity are written as the tokens NaN/Infinity, which the core
# refuses with the message both languages give; a value JSON has no form for is a
# TypeError, as with json, requests and httpx, and so is a cycle; a lone surrogate is
# written as its \uXXXX escape, which the core refuses as it refuses JavaScript's.
_dumps = _core.to_json


def _json_or_none(value: Optional[Mapping[str, Any]]) -> Optional[str]:
    return None if not value else _dumps(value)


class ErrorHandling:
    """When requests raise (SPEC §10): a live view of the Api's two settings. Every spelling
    the core's settings table knows names one of them (raise_on_network_error, ...).
    `api.error_handling.raise_for_status_codes = '>399'` sets the Api's setting; an unknown
    name raises TypeError, a wrong value ValueError/TypeError (the core's table)."""

    __slots__ = ("_core",)

    def __init__(self, core: Any) -> None:
        object.__setattr__(self, "_core", core)

    @property
    def raise_for_network_errors(self) -> bool:
        """Raise NetworkError when no response came (a bool; default True). When False, the
        request returns an empty resource whose `_halchemy.error` is the NetworkError and
        whose status_code is 0 (SPEC §10)."""
        return bool(self._core.get("raise_for_network_errors"))

    @raise_for_network_errors.setter
    def raise_for_network_errors(self, value: bool) -> None:
        self._core.set("error_handling", "raise_for_network_errors", value)

    @property
    def raise_for_status_codes(self) -> Optional[str]:
        """The status codes that raise HTTPError, e.g. '>399' or '400-499,500' (a status
        spec str, or None: never; default None; SPEC §10). A malformed spec raises
        StatusSpecError (a ValueError) when set."""
        value: Optional[str] = self._core.get("raise_for_status_codes")
        return value

    @raise_for_status_codes.setter
    def raise_for_status_codes(self, spec: Optional[str]) -> None:
        self._core.set("error_handling", "raise_for_status_codes", spec)

    def __getattr__(self, name: str) -> Any:  # an alias: the core knows which setting
        return self._core.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._core.set("error_handling", name, value)

    def _as_dict(self) -> Dict[str, Any]:
        return {"raise_for_network_errors": self.raise_for_network_errors,
                "raise_for_status_codes": self.raise_for_status_codes}

    def __repr__(self) -> str:
        return (f"ErrorHandling(raise_for_network_errors={self.raise_for_network_errors!r}, "
                f"raise_for_status_codes={self.raise_for_status_codes!r})")


def _setting(name: str, doc: str) -> property:
    """A property over the core's setting `name` (type and range checked by the core)."""
    doc += _SETTING_ERRORS
    return property(lambda self: self._core.get(name),
                    lambda self, value: self._core.set(None, name, value), doc=doc)


_SETTING_ERRORS = (" Setting a value of the wrong type raises TypeError; a value out of range "
                   "InvalidValueError, SchemeError or ParameterError (ValueErrors); the core's "
                   "table of settings checks them (SPEC §2).")


def _group_value(value: Any) -> tuple:  # type: ignore[type-arg]
    """A group's value (error_handling) as the core takes it: a mapping as JSON text."""
    if isinstance(value, ErrorHandling):
        value = value._as_dict()
    return (_dumps(dict(value)), True) if isinstance(value, Mapping) else (value, False)


class _ApiBase:
    """What Api and AsyncApi share: every setting, the headers, the requesters' fluent chain,
    cookies and close. They differ only in how a request's transfer is driven (the
    requester classes `_ReadOnly` and `_Full`) and in their context-manager protocol.

    A HAL API reached from its base URL by following links (SPEC §2).

    Args:
        base_url: the API's root URL, a str (default from `.halchemy`, else
            http://localhost:2112); relative hrefs resolve against it (SPEC §3).
        headers: a Mapping[str, str] merged over the default headers (SPEC §6).
        **settings: any other setting of SPEC §2 and §13 by name (typed by `Settings` for
            checkers): parameters_list_style ('repeat_key', 'bracket', 'index', 'comma'
            or 'pipe'), etag_field (str), timeout (seconds, a number >= 0; 0 or None: none;
            default 30), max_body (bytes, an int >= 1; default 64 MiB), error_handling (a
            mapping: raise_for_network_errors bool, raise_for_status_codes str or None),
            require_if_match (bool), ca_bundle, client_cert, client_key (PEM file paths,
            str or None), verify (bool), proxy (URL str or None), cookies (bool). The names,
            types and ranges are the core's one table.
    Raises:
        TypeError: an unknown setting or a value of the wrong type.
        ConfigError: a malformed `.halchemy` file (a ValueError).
        SchemeError, InvalidValueError, ParameterError, StatusSpecError (ValueErrors): a
            value out of range (an empty or non-http(s) base URL, a negative timeout, ...).
    """

    def __init__(self, base_url: Optional[str] = None, headers: Optional[Mapping[str, str]] = None,
                 **settings: Unpack[Settings]) -> None:
        self._core = _core.Api()
        if base_url is not None:
            self._core.set(None, "base_url", base_url)
        if headers:
            self.add_headers(headers)
        for name, value in settings.items():
            self._core.set_option(name, *_group_value(value))

    # ---- settings (SPEC §2) ----
    if TYPE_CHECKING:  # what the properties below take and give, for type checkers
        base_url: str
        parameters_list_style: ListStyle
        etag_field: str
        timeout: Optional[float]
        max_body: int
        ca_bundle: Optional[str]
        client_cert: Optional[str]
        client_key: Optional[str]
        verify: bool
        proxy: Optional[str]
        cookies: bool
        require_if_match: bool
    else:
        base_url = _setting("base_url", "The API's root URL (str, http or https).")
        parameters_list_style = _setting(
            "parameters_list_style", "How query lists are written (SPEC §5): repeat_key, bracket, "
            "index, comma or pipe.")
        etag_field = _setting("etag_field", "The body field holding the ETag (str; SPEC §8).")
        timeout = _setting("timeout", "Seconds for the whole call, redirects included (float; "
                           "0 or None: no timeout; SPEC §12).")
        max_body = property(lambda self: int(self._core.get("max_body")),
                            lambda self, value: self._core.set(None, "max_body", value),
                            doc="The response body limit in bytes (int >= 1; default 64 MiB; "
                            "SPEC §2, §12). A larger body is a NetworkError." + _SETTING_ERRORS)
        # ---- network settings (SPEC §13) ----
        ca_bundle = _setting("ca_bundle", "A PEM file of CA certificates that replaces the system "
                             "store (str or None; None: $SSL_CERT_FILE, else the system's).")
        client_cert = _setting("client_cert", "A PEM client certificate for TLS (str or None).")
        client_key = _setting("client_key", "The client certificate's PEM key (str or None; None: "
                              "in the certificate file).")
        verify = _setting("verify", "Verify TLS certificates and host names (bool; default True). "
                          "False logs a warning once on the `halchemy` logger.")
        proxy = _setting("proxy", "The proxy URL (http, https, socks5, socks5h; credentials as its "
                         "user:password) or None: the environment's (https_proxy, http_proxy, "
                         "all_proxy; no_proxy applies to both).")
        cookies = _setting("cookies", "Keep the cookies servers set and send them back by the "
                           "cookie rules (bool; default True; SPEC §13).")
        require_if_match = _setting(
            "require_if_match", "SPEC §8: refuse (MissingETagError) a PUT, PATCH or DELETE of a "
            "resource with no ETag to send, instead of sending it without If-Match. A bool; "
            "default False.")

    @property
    def error_handling(self) -> ErrorHandling:
        """When requests raise (SPEC §10): a live ErrorHandling view of the two settings.
        Assign an ErrorHandling or a mapping ({'raise_for_status_codes': '>399'}) to set
        both at once (the keys missing take their defaults); an unknown key raises
        TypeError, a bad value TypeError or a ValueError (StatusSpecError)."""
        return ErrorHandling(self._core)

    @error_handling.setter
    def error_handling(self, settings: Union[ErrorHandling, ErrorHandlingSettings]) -> None:
        self._core.set(None, "error_handling", *_group_value(settings))

    @property
    def headers(self) -> Dict[str, str]:
        """The default headers sent with every request (SPEC §6): a new dict (name -> value)
        each time; changing it changes nothing. Assigning a Mapping[str, str] replaces
        them all; a malformed name or value raises HeaderError (a ValueError)."""
        headers: Dict[str, str] = _loads(self._core.headers_json)
        return headers

    @headers.setter
    def headers(self, headers: Mapping[str, str]) -> None:
        self._core.replace_headers(_dumps(dict(headers)))

    def add_headers(self, headers: Mapping[str, str]) -> None:
        """Merges `headers` (a Mapping[str, str]) over the default headers (SPEC §6): a name
        already there (in any case) takes the new value. Raises HeaderError (a
        ValueError) for a malformed name or value (CR, LF, NUL, ...); returns None."""
        self._core.merge_headers(_dumps(dict(headers)))

    def remove_headers(self, names: Iterable[str]) -> None:
        """Removes default headers by name, any case (SPEC §6): an iterable of str, or one
        str. Absent names are ignored. Returns None."""
        if isinstance(names, str):
            names = [names]
        for name in names:
            self._core.remove_header(name)

    # ---- requesters ----
    _ReadOnly: "Type[ReadOnlyRequester]"
    _Full: "Type[Requester]"
    _Follower: "Type[Follower]"

    @property
    def home(self) -> "ReadOnlyRequester":
        """A read-only requester (GET, HEAD, OPTIONS) for the API's root, `/` resolved
        against base_url (SPEC §2, §3). A new requester each time."""
        return self._ReadOnly(self, "/")

    @property
    def root(self) -> "ReadOnlyRequester":
        """The older name of `home` (SPEC §2)."""
        return self._ReadOnly(self, "/")

    def using_endpoint(self, url: str) -> "Requester":
        """A requester for every method on `url` (a str: absolute, or relative to base_url;
        may be an RFC 6570 template, expanded with `with_template_values`) (SPEC §2, §3).
        Nothing is checked or sent until a method is called."""
        return self._Full(self, url)

    def follow(self, resource: Mapping[str, Any]) -> "Follower":
        """The first half of `api.follow(resource).to(rel)` (SPEC §2, §11): `resource` is a
        HalResource (or any mapping with `_links`); the Follower's `to(rel)` gives the
        requester. Raises nothing itself."""
        return self._Follower(self, resource)

    # ---- cookies and lifetime (SPEC §13) ----
    @property
    def cookie_jar(self) -> List[Dict[str, Any]]:
        """The cookies kept, each a dict of name, value, domain, path, expires (seconds since
        the epoch, or None for a session cookie) and secure (bool)."""
        jar: List[Dict[str, Any]] = _loads(self._core.cookie_jar_json())
        return jar

    def clear_cookies(self) -> None:
        """Empties the cookie jar."""
        self._core.clear_cookies()

    def close(self) -> None:
        """Closes the connections kept alive, now. A request afterwards raises HalchemyError
        (code 'closed'); settings, headers and the cookie jar still work. Idempotent."""
        self._core.close()

    @property
    def closed(self) -> bool:
        """Whether close() was called (a bool; SPEC §13)."""
        return bool(self._core.closed)

    def __repr__(self) -> str:
        # SPEC §13: no credential is shown: passwords in URLs as ***, no header values
        parts = [repr(_core.url_redacted(self.base_url))]
        proxy = self.proxy
        if proxy is not None:
            parts.append(f"proxy={_core.url_redacted(proxy)!r}")
        if self.closed:
            parts.append("closed")
        return f"{type(self).__name__}({', '.join(parts)})"


class Follower:
    """`api.follow(resource)`: waits for `.to(rel)` (SPEC §2, §11)."""

    __slots__ = ("_api", "_resource")

    def __init__(self, api: _ApiBase, resource: Mapping[str, Any]) -> None:
        self._api = api
        self._resource = resource

    def to(self, rel: str, name: Optional[str] = None, **criteria: Any) -> "Requester":
        """The link `rel` of the resource (SPEC §11), as a requester (SPEC §3): the href
        resolved against the document's URL, templated when the link says so (§4), with
        the resource's ETag for If-Match (§8).

        When rel holds a list of link objects, keywords choose one: `name`, `title`,
        `hreflang`, `type`, `profile` (str) and `index` (0-based int); all must match. A rel
        is also found through `_links.curies` by its CURIE or full URI.
        Raises:
            RelNotFoundError (a KeyError): no such rel, or no link meets the criteria.
            TypeError: an unknown criterion or one of the wrong type.
            HalFormatError (a ValueError): `_links` is not well-formed HAL.
        A deprecated link logs a warning once per URL on the `halchemy` logger.
        """
        if name is not None:
            criteria["name"] = name
        resource = self._resource
        href, templated, self_href, deprecation = _core.follow_link(
            resource_links_json(resource, rel), rel, _dumps(criteria) if criteria else None)
        meta = metadata_of(resource)
        etag_value = resource.get(self._api.etag_field) if isinstance(resource, Mapping) else None
        if etag_value is not None and not isinstance(etag_value, str):
            etag_value = _dumps(etag_value)
        requester = self._api._Full(self._api, href, self_href, etag_value=etag_value,
                                    literal=not templated)
        if meta is not None:  # what the core needs of the response the resource came in
            requester._document_url = meta.request.url
            requester._etag_header = meta.response.headers.get("ETag")
            requester._etag_source = meta.response.content
        if deprecation is not None:
            _warn_deprecated(requester, deprecation)
        return requester


def _warn_deprecated(requester: "ReadOnlyRequester", deprecation: str) -> None:
    """SPEC §11: once per resolved URL per process (the core remembers which)."""
    try:
        url = requester.url
    except (ValueError, TypeError):
        url = requester._href  # the request itself will say what is wrong with the href
    notice = _core.deprecation_notice(url, deprecation)
    if notice is not None:
        import logging  # here, not at import time: `import halchemy` stays fast
        logging.getLogger("halchemy").warning("%s", notice)


class ReadOnlyRequester:
    """The end of the fluent chain for GET, HEAD and OPTIONS (SPEC §3).

    The `with_*` methods set this request's template values, parameters, headers and
    timeout and return the requester itself (its own type), so they chain; a method
    (`get()`, ...) sends the request and returns the HalResource (SPEC §9)."""

    __slots__ = ("_api", "_href", "_self_href", "_etag_header", "_etag_value", "_etag_source",
                 "_document_url", "_literal", "_retries", "_values", "_params", "_headers",
                 "_timeout")

    def __init__(self, api: _ApiBase, href: str, self_href: Optional[str] = None,
                 etag_value: Optional[str] = None, literal: bool = False) -> None:
        self._api = api
        self._href = href
        self._self_href = self_href
        self._etag_header: Optional[str] = None
        self._etag_source: Optional[bytes] = None
        self._document_url: Optional[str] = None
        self._etag_value = etag_value
        self._literal = literal
        self._retries = 0
        self._values: Optional[Dict[str, JSON]] = None
        self._params: Optional[Dict[str, JSON]] = None
        self._headers: Optional[Dict[str, Any]] = None
        self._timeout: object = _NO_TIMEOUT_GIVEN

    def with_timeout(self: _R, seconds: Optional[float]) -> _R:
        """SPEC §13: this request's timeout in seconds (a number >= 0), replacing the Api's;
        one deadline for the whole call, redirects included. None (or 0): no timeout for
        this request. Returns the requester. Raises TypeError (not a number); the request
        then raises InvalidValueError (a ValueError) for a negative, NaN or infinite
        number, and TimeoutError (a NetworkError) when the deadline passes."""
        if seconds is None:
            seconds = 0.0
        elif isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError(f"with_timeout takes a number of seconds or None, got "
                            f"{type(seconds).__name__}")
        self._timeout = float(seconds)
        return self

    def with_template_values(self: _R, values: Mapping[str, JSON]) -> _R:
        """SPEC §4: the values for a templated href (RFC 6570, all four levels): a mapping
        of variable name (str) to a str, number, bool, list or mapping. Replaces earlier
        values; returns the requester. A bad template or value raises TemplateError (a
        ValueError) when the URL is built (at `url` or the request)."""
        self._values = dict(values)
        return self

    def with_parameters(self: _R, parameters: Mapping[str, JSON]) -> _R:
        """SPEC §5: query parameters added to the URL: a mapping of name (str) to a str,
        number, bool, None or list (written by the Api's parameters_list_style). Replaces
        earlier parameters; returns the requester. A value with no query form raises
        ParameterError (a ValueError) when the URL is built."""
        self._params = dict(parameters)
        return self

    def with_headers(self: _R, headers: Mapping[str, Any]) -> _R:
        """SPEC §6: headers for this request only, merged over the Api's (a mapping of name
        to str; a None value removes that default header for this request). Replaces
        earlier ones; returns the requester. A malformed header raises HeaderError (a
        ValueError) when the request is sent."""
        self._headers = dict(headers)
        return self

    @property
    def url(self) -> str:
        """The absolute URL this request would use (SPEC §3, §4, §5): the href resolved and
        expanded, with the parameters; a str. Raises TemplateError, ParameterError or
        SchemeError (ValueErrors) when it cannot be built. Nothing is sent."""
        return self._api._core.url("GET", self._href, _json_or_none(self._values),
                                   _json_or_none(self._params), None, None, None, None, None,
                                   None, self._document_url, None, self._literal)

    def get(self) -> HalResource:
        """Sends GET and returns the resource (SPEC §3, §9): a HalResource whose
        `_halchemy` holds the request, response and error; an empty resource when the
        body is not a JSON object.
        Raises: NetworkError / TimeoutError when no response came (unless
        raise_for_network_errors is off: then `_halchemy.error`); HTTPError when the status
        matches raise_for_status_codes; TemplateError, ParameterError, HeaderError,
        SchemeError (ValueErrors) before anything is sent; HalchemyError code 'closed'
        after close() (SPEC §10)."""
        return self._send("GET")

    def head(self) -> HalResource:
        """Sends HEAD and returns the (empty) resource with its `_halchemy`; raises as
        `get()` does (SPEC §3, §9, §10)."""
        return self._send("HEAD")

    def options(self) -> HalResource:
        """Sends OPTIONS and returns the resource; raises as `get()` does (SPEC §3, §9,
        §10)."""
        return self._send("OPTIONS")

    def _arguments(self, method: str, data: Any = None,
                   content_type: Optional[str] = None) -> tuple:  # type: ignore[type-arg]
        """The core's arguments for this request (Api.request's and Multi.add's), the one
        place a request is put together for the blocking and the asyncio paths."""
        body: Union[str, bytes, None]
        if data is None:
            body = None
        elif data is JSON_NULL:
            body = "null"
        elif isinstance(data, (bytes, bytearray, memoryview)):
            body = bytes(data)  # SPEC §9: sent as is, Content-type application/octet-stream
        else:
            body = _dumps(data)
        # etag_source is borrowed, not copied; the core reads it only for If-Match (SPEC §8)
        timeout = self._timeout
        return (method, self._href, _json_or_none(self._values), _json_or_none(self._params),
                _json_or_none(self._headers), body, content_type, self._self_href,
                self._etag_header, self._etag_value, self._document_url, self._etag_source,
                self._literal, self._retries, timeout is not _NO_TIMEOUT_GIVEN,
                0.0 if timeout is _NO_TIMEOUT_GIVEN else timeout, _tracing())

    def _send(self, method: str, data: Any = None, content_type: Optional[str] = None) -> HalResource:
        """Runs the request on this thread (the GIL released) and builds its resource. The
        asyncio requesters override only this."""
        return _resource_from(self._api._core.request(*self._arguments(method, data, content_type)))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._href}>"


class Requester(ReadOnlyRequester):
    """The end of the fluent chain for every method (SPEC §3): what `api.follow(r).to(rel)`
    and `api.using_endpoint(url)` give. Adds POST, PUT, PATCH and DELETE, with JSON or
    bytes bodies (SPEC §7) and If-Match from the followed resource's ETag (SPEC §8)."""

    __slots__ = ()

    def with_conflict_retry(self: _RQ, n: int) -> _RQ:
        """SPEC §8 refresh and apply again: a 412 to this PUT, PATCH or DELETE is answered by
        GETting the resource for its current ETag and sending the change again, at most `n`
        times (an int >= 0). `_halchemy.conflict_retries` says how many were made.
        Returns the requester; raises TypeError for anything but an int >= 0."""
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise TypeError("with_conflict_retry takes an int >= 0")
        self._retries = n
        return self

    def post(self, data: Body = None, content_type: Optional[str] = None) -> HalResource:
        """Sends POST with `data` as its body (SPEC §3, §7).
        Args:
            data: the body (SPEC §7): any JSON value (a dict, list, str, number, bool;
                a HalResource is sent without its `_halchemy`), JSON_NULL for a JSON null,
                bytes/bytearray/memoryview sent as they are (§9), or None: no body.
            content_type: the Content-Type of a bytes body (str; default
                application/octet-stream); a JSON body is sent as application/json.
        Returns the HalResource of the response (SPEC §9).
        Raises: as `get()` does, and TypeError for a value JSON has no form for (a set, an
        object, a cycle) or InvalidValueError (a ValueError) for NaN/Infinity, before
        anything is sent; MissingETagError under require_if_match (§8)."""
        return self._send("POST", data, content_type)

    def put(self, data: Body = None, content_type: Optional[str] = None) -> HalResource:
        """Sends PUT with `data` as its body, with If-Match from the followed resource's
        ETag (SPEC §3, §7, §8).
        Args:
            data: the body (SPEC §7): any JSON value (a dict, list, str, number, bool;
                a HalResource is sent without its `_halchemy`), JSON_NULL for a JSON null,
                bytes/bytearray/memoryview sent as they are (§9), or None: no body.
            content_type: the Content-Type of a bytes body (str; default
                application/octet-stream); a JSON body is sent as application/json.
        Returns the HalResource of the response (SPEC §9).
        Raises: as `get()` does, and TypeError for a value JSON has no form for (a set, an
        object, a cycle) or InvalidValueError (a ValueError) for NaN/Infinity, before
        anything is sent; MissingETagError under require_if_match (§8)."""
        return self._send("PUT", data, content_type)

    def patch(self, data: Body = None, content_type: Optional[str] = None) -> HalResource:
        """Sends PATCH with `data` as its body, with If-Match from the followed resource's
        ETag (SPEC §3, §7, §8).
        Args:
            data: the body (SPEC §7): any JSON value (a dict, list, str, number, bool;
                a HalResource is sent without its `_halchemy`), JSON_NULL for a JSON null,
                bytes/bytearray/memoryview sent as they are (§9), or None: no body.
            content_type: the Content-Type of a bytes body (str; default
                application/octet-stream); a JSON body is sent as application/json.
        Returns the HalResource of the response (SPEC §9).
        Raises: as `get()` does, and TypeError for a value JSON has no form for (a set, an
        object, a cycle) or InvalidValueError (a ValueError) for NaN/Infinity, before
        anything is sent; MissingETagError under require_if_match (§8)."""
        return self._send("PATCH", data, content_type)

    def delete(self) -> HalResource:
        """Sends DELETE, with If-Match from the followed resource's ETag (SPEC §3, §8), and
        returns the HalResource of the response (often empty: 204). Raises as `get()`
        does, and MissingETagError under require_if_match (§8)."""
        return self._send("DELETE")


class Api(_ApiBase):
    """A HAL API reached from its base URL by following links (SPEC §2); requests block
    the calling thread (the GIL released). See AsyncApi for asyncio. `with Api(...) as api:`
    closes it."""

    _ReadOnly = ReadOnlyRequester
    _Full = Requester
    _Follower = Follower

    def __enter__(self) -> "Api":
        """`with Api(...) as api:` gives the Api; close() at the end (SPEC §13)."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Closes the Api (SPEC §13); exceptions are not suppressed."""
        self.close()


_NO_TIMEOUT_GIVEN = object()  # with_timeout not called: the Api's timeout
_log = None  # the `halchemy` logger, once logging is in use


def _tracing() -> bool:
    """SPEC §13: whether the `halchemy` logger takes DEBUG now. Without the logging module
    imported nobody can have asked for it, so `import halchemy` does not import logging."""
    global _log
    if _log is None:
        logging = sys.modules.get("logging")
        if logging is None:
            return False
        _log = logging.getLogger("halchemy")
    enabled: bool = _log.isEnabledFor(10)  # logging.DEBUG
    return enabled


def _resource_from(raw: tuple) -> HalResource:  # type: ignore[type-arg]
    # parsed: the body's value when the core found it JSON (SPEC §9), else its text
    (method, url, req_headers, req_body, status, reason, resp_headers, body, parsed,
     raise_kind, err_code, err_message, _curl_code, conflict_retries, history, trace) = raw
    if trace is not None and _log is not None:  # SPEC §13: one line per exchange, no credentials
        for line in _loads(trace):
            _log.debug("%s", line)
    resource = make_resource(parsed)
    error = None
    if err_code is not None:
        error = network_error(err_code, err_message, resource)
    response = Response(status, reason, resp_headers, parsed, url, body)
    meta = HalchemyMetadata(Request(method, url, req_headers, req_body), response, error, resource,
                            conflict_retries, history)
    resource._halchemy = meta
    if raise_kind == 1 and error is not None:
        raise error
    if raise_kind == 2:
        err = HTTPError(_core.http_error_message(method, url, status, reason), resource)
        meta.error = err
        raise err
    return resource
