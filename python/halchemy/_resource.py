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

from . import _core
from ._errors import HTTPError


class Multiplicity(enum.Enum):
    ONE = "one"
    MANY = "many"


class CaseInsensitiveDict(Mapping):
    """Read-only headers: lookup ignores case, iteration gives names as received."""

    __slots__ = ("_pairs", "_index")

    def __init__(self, pairs=()):
        self._pairs = pairs
        self._index = None

    @property
    def _items(self):
        # Built on first use: most responses' headers are never looked at.
        if self._index is None:
            self._index = {name.lower(): (name, value) for name, value in self._pairs}
        return self._index

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def get(self, name: str, default: Any = None) -> Any:
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
    __slots__ = ("method", "url", "headers", "body")

    def __init__(self, method, url, headers, body):
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
    as received, SPEC §9)."""

    __slots__ = ("status_code", "reason", "headers", "body", "url", "content")

    def __init__(self, status_code, reason, headers, body, url, content=b""):
        self.status_code = status_code
        self.reason = reason
        self.headers = CaseInsensitiveDict(headers)
        self.body = body
        self.url = url
        self.content = content

    @property
    def status(self) -> int:
        return self.status_code

    def __repr__(self) -> str:
        return (f"<Response {self.status_code} {self.reason} {_core.url_redacted(self.url)} "
                f"headers={_shown_headers(self.headers)}>")


class Hop:
    """One redirect hop of `_halchemy.history` (SPEC §13): the method and URL sent, and the
    status (and reason) it answered with."""

    __slots__ = ("method", "url", "status_code", "reason")

    def __init__(self, method: str, url: str, status_code: int, reason: str):
        self.method = method
        self.url = url
        self.status_code = status_code
        self.reason = reason

    @property
    def status(self) -> int:
        return self.status_code

    def __repr__(self) -> str:
        return f"<Hop {self.method} {_core.url_redacted(self.url)} -> {self.status_code} {self.reason}>"


class HalchemyMetadata:
    """What `resource._halchemy` holds: request, response and error."""

    __slots__ = ("request", "response", "error", "conflict_retries", "_owner", "_history")

    def __init__(self, request: Request, response: Response, error: Optional[Exception],
                 owner: Any = None, conflict_retries: int = 0, history: str = "[]"):
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
        """Raises HTTPError when the response status matches `settings`."""
        status = self.response.status_code
        if _core.status_matches(settings, status):
            raise HTTPError(_core.http_error_message(self.request.method, self.request.url, status,
                                                     self.response.reason), self._resource())

    def _resource(self):
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


class HalResource(dict):
    """A HAL resource: a dict of the resource's fields plus the HAL helpers."""

    __slots__ = ("_halchemy", "__weakref__")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._halchemy: Optional[HalchemyMetadata] = None

    def _checked(self) -> "HalResource":
        _core.hal_check(_as_json(self))
        return self

    @property
    def links(self) -> List[str]:
        """The rels of `_links` as written (SPEC §11); [] when there is no `_links`."""
        return list(self._checked().get("_links", {}))

    def has_rel(self, rel: str) -> bool:
        """Whether `_links` has rel, as written or through `_links.curies` (SPEC §11)."""
        self._checked()
        links = self.get("_links")
        return _core.has_rel(None if links is None else _as_json(links), rel)

    @property
    def embedded_rels(self) -> List[str]:
        return list(self._checked().get("_embedded", {}))

    def has_embedded(self, rel: str) -> bool:
        return rel in self._checked().get("_embedded", {})

    def embedded(self, rel: str, expect: Union[None, str, Multiplicity] = None):
        if isinstance(expect, Multiplicity):
            expect = expect.value
        found = _core.hal_embedded(_as_json(self), rel, expect)
        value = self["_embedded"][rel]
        if found == "one":
            return HalResource(value)
        return [HalResource(item) for item in value]

    def embedded_one(self, rel: str) -> "HalResource":
        return self.embedded(rel, Multiplicity.ONE)

    def embedded_many(self, rel: str) -> List["HalResource"]:
        return self.embedded(rel, Multiplicity.MANY)

    def collection(self, field: str) -> Iterator["HalResource"]:
        _core.hal_collection(_as_json(self), field)
        return iter([HalResource(item) for item in self[field]])

    def __repr__(self) -> str:
        # SPEC §13: a summary of where the resource came from (credentials never shown),
        # then its fields; str() (print) stays the plain fields
        fields = dict.__repr__(self)
        meta = self._halchemy
        if meta is None:
            return f"HalResource({fields})"
        r = meta.response
        return (f"<HalResource {meta.request.method} {_core.url_redacted(meta.request.url)} -> "
                f"{r.status_code} {r.reason}: {fields}>")

    __str__ = dict.__repr__

    def _repr_html_(self) -> str:
        from ._display import resource_html
        return resource_html(self)


def make_resource(parsed: Any) -> HalResource:
    return HalResource(parsed) if isinstance(parsed, dict) else HalResource()


def resource_links_json(resource: Mapping, rel: str) -> Optional[str]:
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
    return getattr(resource, "_halchemy", None)

