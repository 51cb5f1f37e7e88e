"""HAL resources as Python dicts, with the HTTP details of the request that produced them
in `_halchemy`. The HAL rules (well-formedness, embedded multiplicity, collections) are
checked by the C core; this module only wraps values."""
from __future__ import annotations

import enum
import json
import weakref
from collections.abc import Mapping
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing

if TYPE_CHECKING:  # annotations are strings (from __future__), so typing is only for checkers
    from typing import Any, Dict, Iterator, List, Optional, Union

    _StrMapping = Mapping[str, str]
    _DictBase = Dict[str, Any]
else:
    _StrMapping = Mapping
    _DictBase = dict

from . import _core
from ._errors import HTTPError


class Multiplicity(enum.Enum):
    """How many embedded resources `HalResource.embedded(rel, expect=...)` expects under a
    rel (SPEC §11): ONE (an object) or MANY (a list); the strings 'one' and 'many' do too."""

    ONE = "one"
    MANY = "many"


class CaseInsensitiveDict(_StrMapping):
    """Read-only headers (SPEC §9): a Mapping[str, str] whose lookup ignores case; iteration
    gives the names as received. A name received twice: the last value wins.

    Args:
        pairs: a sequence of (name, value) str pairs, as the core hands them over.
    """

    __slots__ = ("_pairs", "_index")

    def __init__(self, pairs: "Any" = ()) -> None:
        self._pairs = pairs
        self._index: Optional[Dict[str, "tuple[str, str]"]] = None

    @property
    def _items(self) -> Dict[str, "tuple[str, str]"]:
        # Built on first use: most responses' headers are never looked at.
        if self._index is None:
            self._index = {name.lower(): (name, value) for name, value in self._pairs}
        return self._index

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def get(self, name: str, default: Any = None) -> Any:
        """The value of header `name` (any case), or `default` when it was not received (or
        `name` is not a str). Raises nothing."""
        if not isinstance(name, str):
            return default
        if self._index is None:  # one look-up (follow() reads ETag): a scan, no index built
            wanted = name.lower()
            for key, value in reversed(self._pairs):  # the last one wins, as in the index
                if key.lower() == wanted:
                    return value
            return default
        item = self._index.get(name.lower())
        return item[1] if item else default

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


def _shown_headers(headers: "CaseInsensitiveDict") -> str:
    """SPEC §13: headers for a repr, credential values as the core shows them."""
    return repr({name: _core.header_shown(name, value) for name, value in headers.items()})


class Request:
    """`_halchemy.request` (SPEC §9): what was sent. `method` (str), `url` (str, absolute, as
    sent, templates expanded and parameters added), `headers` (a CaseInsensitiveDict of the
    headers sent) and `body` (the body sent as text, UTF-8 decoded; None when there was
    none)."""

    __slots__ = {"method": "The HTTP method sent (str, e.g. 'GET').",
                 "url": "The absolute URL sent (str; SPEC §3): templates expanded, parameters "
                        "added.",
                 "headers": "The headers sent (a CaseInsensitiveDict; SPEC §6).",
                 "body": "The body sent, as text (str, UTF-8 decoded), or None (SPEC §7)."}

    method: str
    url: str
    headers: CaseInsensitiveDict
    body: Optional[str]

    def __init__(self, method: str, url: str, headers: Any, body: Optional[bytes]) -> None:
        self.method = method
        self.url = url
        self.headers = CaseInsensitiveDict(headers)
        self.body = body.decode("utf-8", "replace") if body is not None else None

    def __repr__(self) -> str:
        return (f"<Request {self.method} {_core.url_redacted(self.url)} "
                f"headers={_shown_headers(self.headers)}>")


class Response:
    """`_halchemy.response`: status_code (int; 0 when no response), reason (str), headers
    (case-insensitive), body (parsed JSON or text), url (str) and content (the body's bytes
    as received, SPEC §9). Build by halchemy, not by hand.

    Args (as the core hands them over):
        status_code: the final response's status (int; 0 when no response came, §10).
        reason: its reason phrase (str, '' when empty or no response).
        headers: (name, value) str pairs.
        body: the parsed JSON value when the body was declared JSON and well-formed,
            else its text (str; '' when empty).
        url: the final URL, after redirects (str).
        content: the body's bytes exactly as received (after content decoding).
    """

    __slots__ = {"status_code": "The final status (int; 0 when no response came; SPEC §9).",
                 "reason": "The reason phrase (str; '' when empty or no response).",
                 "headers": "The response headers (a CaseInsensitiveDict, lookup in any case).",
                 "body": "The body: its parsed JSON value when declared JSON and well-formed, "
                         "else its text (str; '' when empty; SPEC §9).",
                 "url": "The final URL, after redirects (str; SPEC §13).",
                 "content": "The body's bytes exactly as received, after content decoding "
                            "(bytes; SPEC §9)."}

    status_code: int
    reason: str
    headers: CaseInsensitiveDict
    body: Any
    url: str
    content: bytes

    def __init__(self, status_code: int, reason: str, headers: Any, body: Any, url: str,
                 content: bytes = b"") -> None:
        self.status_code = status_code
        self.reason = reason
        self.headers = CaseInsensitiveDict(headers)
        self.body = body
        self.url = url
        self.content = content

    @property
    def status(self) -> int:
        """The same as `status_code` (an int; 0 when no response came; SPEC §9)."""
        return self.status_code

    def __repr__(self) -> str:
        return (f"<Response {self.status_code} {self.reason} {_core.url_redacted(self.url)} "
                f"headers={_shown_headers(self.headers)}>")


class Hop:
    """One redirect hop of `_halchemy.history` (SPEC §13): the method and URL sent, and the
    status (and reason) it answered with: `method` (str), `url` (str), `status_code` (int)
    and `reason` (str)."""

    __slots__ = {"method": "The method sent to this hop (str).",
                 "url": "The URL of this hop (str).",
                 "status_code": "The redirect status it answered with (int, e.g. 301).",
                 "reason": "Its reason phrase (str)."}

    def __init__(self, method: str, url: str, status_code: int, reason: str):
        self.method = method
        self.url = url
        self.status_code = status_code
        self.reason = reason

    @property
    def status(self) -> int:
        """The same as `status_code` (an int)."""
        return self.status_code

    def __repr__(self) -> str:
        return f"<Hop {self.method} {_core.url_redacted(self.url)} -> {self.status_code} {self.reason}>"


class HalchemyMetadata:
    """What `resource._halchemy` holds (SPEC §9): how the resource came to be.

    Attributes:
        request (Request): what was sent: method, url, headers, body.
        response (Response): what came back: status_code (0 when nothing came), reason,
            headers, body, url, content (bytes).
        error (HalchemyError or None): the error of the request, when there was one and it
            was not raised (SPEC §10): a NetworkError (or TimeoutError) when no response
            came and `raise_for_network_errors` is off; an HTTPError after it was raised.
        conflict_retries (int): SPEC §8, how many times a 412 was answered by refreshing
            the ETag and sending the change again (`with_conflict_retry`).
        history (list of Hop): SPEC §13, the redirects followed.
    """

    __slots__ = {"request": "What was sent (a Request: method, url, headers, body; SPEC §9).",
                 "response": "What came back (a Response: status_code, reason, headers, body, "
                             "url, content; SPEC §9).",
                 "error": "The request's error not raised (a NetworkError when no response "
                          "came and raise_for_network_errors is off), the HTTPError raised, "
                          "or None (SPEC §10).",
                 "conflict_retries": "SPEC §8: how many 412s were answered by refreshing the "
                                     "ETag and sending again (int >= 0).",
                 "_owner": "", "_history": ""}

    request: Request
    response: Response
    error: Optional[Exception]
    conflict_retries: int

    def __init__(self, request: Request, response: Response, error: Optional[Exception],
                 owner: Any = None, conflict_retries: int = 0, history: str = "[]") -> None:
        self.request = request
        self.response = response
        self.error = error
        #: SPEC §8: how many times a 412 was answered by refreshing the ETag and sending again
        self.conflict_retries = conflict_retries
        self._owner = weakref.ref(owner) if owner is not None else None
        self._history = history  # JSON text from the core, read when asked for

    @property
    def history(self) -> List[Hop]:
        """SPEC §13: the redirect hops before the final response, oldest first ([] when
        there was none)."""
        if self._history == "[]":
            return []
        return [Hop(h["method"], h["url"], h["status"], h["reason"])
                for h in json.loads(self._history)]

    def raise_for_status_codes(self, settings: str = ">399") -> None:
        """Raises HTTPError when the response status matches `settings` (SPEC §9, §10).

        Args:
            settings: a status spec (str) as for the Api's `raise_for_status_codes`:
                comparisons and ranges joined by commas, e.g. '>399', '404', '500-599'.
        Raises:
            HTTPError: the status matches; its `.resource` is this resource.
            StatusSpecError (a ValueError): `settings` is not a status spec.
        Returns None otherwise."""
        status = self.response.status_code
        if _core.status_matches(settings, status):
            raise HTTPError(_core.http_error_message(self.request.method, self.request.url, status,
                                                     self.response.reason), self._resource())

    def _resource(self) -> Optional["HalResource"]:
        return self._owner() if self._owner is not None else None

    def __repr__(self) -> str:
        r = self.response
        hops = len(self.history)
        return (f"<halchemy {self.request.method} {_core.url_redacted(self.request.url)} -> "
                f"{r.status_code} {r.reason}{f' after {hops} redirects' if hops else ''}"
                f"{f' error={type(self.error).__name__}' if self.error is not None else ''}>")


def _as_json(value: Any) -> str:
    """The JSON text the core's HAL rules read (SPEC §11): written without recursion
    (python/src/values.c), so a resource nested 1,000 levels works and a deeper one is the
    core's refusal, never a RecursionError. A value JSON has no form for is its str(), as
    json.dumps(default=str) gave: the helpers only look at `_links` and `_embedded`."""
    return _core.to_json(value, True)


class HalResource(_DictBase):
    """A HAL resource (SPEC §9, §11): a dict (str -> any JSON value) of the resource's
    fields plus the HAL helpers (`links`, `has_rel`, `embedded`, `collection`, ...).

    `_halchemy` (HalchemyMetadata) is always set on a resource a request returned: its
    request, response and error. A resource built by hand (`HalResource({...})`) or taken
    out of another (`embedded`, `collection`) came in no response of its own: it has no
    `_halchemy` (reading it raises AttributeError; `getattr(r, '_halchemy', None)` tells).
    It never is a field: JSON, print() and iteration show only the fields.

    Args: those of dict (a mapping or pairs of fields, and keywords)."""

    __slots__ = ("_halchemy", "__weakref__")

    _halchemy: HalchemyMetadata

    if not TYPE_CHECKING:  # type checkers would take any attribute name through this
        def __getattr__(self, name: str) -> Any:
            if name == "_halchemy":
                raise AttributeError(
                    "this HalResource came in no response of its own (built by hand, or "
                    "taken out of another with embedded()/collection()): it has no _halchemy")
            raise AttributeError(f"'HalResource' object has no attribute {name!r}")

    def _checked(self) -> "HalResource":
        _core.hal_check(_as_json(self))
        return self

    @property
    def links(self) -> List[str]:
        """The rels of `_links` as written (SPEC §11): a list of str; [] when there is no
        `_links`. Raises HalFormatError (a ValueError) when `_links` is not well-formed."""
        return list(self._checked().get("_links", {}))

    def has_rel(self, rel: str) -> bool:
        """Whether `_links` has rel (a str), as written or through `_links.curies` by its
        CURIE or full URI (SPEC §11): a bool. Raises HalFormatError (a ValueError) when
        the resource is not well-formed HAL."""
        self._checked()
        links = self.get("_links")
        return _core.has_rel(None if links is None else _as_json(links), rel)

    @property
    def embedded_rels(self) -> List[str]:
        """The rels of `_embedded` as written (SPEC §11): a list of str; [] when there is
        no `_embedded`. Raises HalFormatError (a ValueError) when it is not well-formed."""
        return list(self._checked().get("_embedded", {}))

    def has_embedded(self, rel: str) -> bool:
        """Whether `_embedded` has rel (a str) (SPEC §11): a bool. Raises HalFormatError (a
        ValueError) when the resource is not well-formed HAL."""
        return rel in self._checked().get("_embedded", {})

    def embedded(self, rel: str, expect: Union[None, str, Multiplicity] = None
                 ) -> Union["HalResource", List["HalResource"]]:
        """The resource(s) embedded under rel (SPEC §11): a HalResource when the value is an
        object, a list of HalResource when it is a list. Each is a copy with no
        `_halchemy` of its own.

        Args:
            rel: the rel in `_embedded` (str).
            expect: None (either), Multiplicity.ONE / 'one' or Multiplicity.MANY / 'many'.
        Raises:
            RelNotFoundError (a KeyError): no such rel in `_embedded`.
            MultiplicityError (a TypeError): the value is not what `expect` says.
            HalFormatError (a ValueError): the resource is not well-formed HAL.
        """
        if isinstance(expect, Multiplicity):
            expect = expect.value
        found = _core.hal_embedded(_as_json(self), rel, expect)
        value = self["_embedded"][rel]
        if found == "one":
            return HalResource(value)
        return [HalResource(item) for item in value]

    def embedded_one(self, rel: str) -> "HalResource":
        """`embedded(rel, Multiplicity.ONE)` (SPEC §11): the one HalResource under rel.
        Raises RelNotFoundError (KeyError), MultiplicityError (TypeError: a list is
        there), HalFormatError (ValueError)."""
        found = self.embedded(rel, Multiplicity.ONE)
        assert isinstance(found, HalResource)
        return found

    def embedded_many(self, rel: str) -> List["HalResource"]:
        """`embedded(rel, Multiplicity.MANY)` (SPEC §11): the list of HalResource under rel.
        Raises RelNotFoundError (KeyError), MultiplicityError (TypeError: an object is
        there), HalFormatError (ValueError)."""
        found = self.embedded(rel, Multiplicity.MANY)
        assert isinstance(found, list)
        return found

    def collection(self, field: str) -> Iterator["HalResource"]:
        """The items of the list in `field` (str, e.g. '_items') as HalResources, an
        iterator (SPEC §11). Raises HalFormatError (a ValueError) when `field` is missing,
        is not a list, or holds anything but objects."""
        _core.hal_collection(_as_json(self), field)
        return iter([HalResource(item) for item in self[field]])

    def __repr__(self) -> str:
        # SPEC §13: a summary of where the resource came from (credentials never shown),
        # then its fields; str() (print) stays the plain fields
        fields = dict.__repr__(self)
        meta = metadata_of(self)
        if meta is None:
            return f"HalResource({fields})"
        r = meta.response
        return (f"<HalResource {meta.request.method} {_core.url_redacted(meta.request.url)} -> "
                f"{r.status_code} {r.reason}: {fields}>")

    __str__ = dict.__repr__

    def _repr_html_(self) -> str:
        """Jupyter's rich display (SPEC §9): method, URL and status (coloured by class), the
        error when there is one, the links and embedded resources as tables, the fields
        as JSON (collapsible). An HTML str."""
        from ._display import resource_html
        return resource_html(self)


def make_resource(parsed: Any) -> HalResource:
    """The resource of a parsed body: its fields when a JSON object, else empty (SPEC §9)."""
    return HalResource(parsed) if isinstance(parsed, dict) else HalResource()


def resource_links_json(resource: Mapping[str, Any], rel: str) -> Optional[str]:
    """The part of the resource's `_links` the core needs to follow rel, as JSON text (None
    when it has no `_links`): that rel and self (for the If-Match rule). Other rels, however
    many, deep or malformed, are neither written nor parsed, unless rel is not there as
    written: then all of them, for the core to look through the CURIEs. As Node's linksJson."""
    links = resource.get("_links") if isinstance(resource, Mapping) else None
    if links is None:
        return None
    if not isinstance(links, dict) or rel not in links:
        return _as_json(links)
    part = {rel: links[rel]}
    if rel != "self" and "self" in links:
        part["self"] = links["self"]
    return _as_json(part)


def metadata_of(resource: Any) -> Optional[HalchemyMetadata]:
    """`resource._halchemy`, or None when it has none (built by hand, embedded, a dict)."""
    return getattr(resource, "_halchemy", None)

