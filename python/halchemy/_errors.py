"""Exception classes of halchemy and the factory the C core calls to raise them.

SPEC §10 (v2): which class each core error code raises comes from the core's one table
(hc_errors_json in csrc/util.c, also tests/vectors/errors.json): its class name, the halchemy
class it derives from, and the built-in exception a Python user would expect to catch. The
classes are written here for readers and type checkers; the import fails if they stray from
the table."""
from __future__ import annotations

import builtins
import json

from . import _core

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing

if TYPE_CHECKING:  # annotations are strings (from __future__), so typing is only for checkers
    from typing import Any, Dict, Optional, Type


class HalchemyError(Exception):
    """Base class of every error halchemy raises (SPEC §10).

    Attributes:
        message (str): what went wrong, the same text in Python and JavaScript.
        code (str): the core's error name (SPEC §10's table, e.g. 'network', 'timeout',
            'http', 'template', 'closed').
        resource (HalResource or None): the resource of the request when there is one (an
            HTTPError's has the response; a NetworkError's is empty with `_halchemy`).
    """

    code = "error"

    def __init__(self, message: str, resource: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.resource = resource

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.message


class HTTPError(HalchemyError):
    """A response whose status matched `raise_for_status_codes` (SPEC §10); `.resource` is
    the HalResource of the response, its `_halchemy.response.status_code` the status."""

    code = "http"


class NetworkError(HalchemyError, ConnectionError):
    """No response (SPEC §10, §13): refused, DNS, TLS, reset, closed mid-body, timeout, a
    body over max_body bytes. Also a ConnectionError. Raised unless
    raise_for_network_errors is off; then it is `_halchemy.error` of an empty resource
    whose status_code is 0."""

    code = "network"


class TimeoutError(NetworkError, builtins.TimeoutError):  # noqa: A001 (SPEC §10 names it)
    """No response within the timeout in seconds (one deadline for the whole call,
    redirects included; SPEC §12, §13). A NetworkError and the built-in TimeoutError."""

    code = "timeout"


class TemplateError(HalchemyError, ValueError):
    """A templated href that cannot be expanded: a malformed RFC 6570 template or a
    value it cannot take (SPEC §4). A ValueError; nothing was sent."""

    code = "template"


class ParameterError(HalchemyError, ValueError):
    """A query parameter value with no query form, e.g. a nested mapping (SPEC §5). A
    ValueError; nothing was sent."""

    code = "parameters"


class HeaderError(HalchemyError, ValueError):
    """A header name or value that cannot be sent (CR, LF, NUL, a bad name; SPEC §6). A
    ValueError; nothing was sent."""

    code = "header"


class SchemeError(HalchemyError, ValueError):
    """A URL that is not http or https, or that cannot be resolved (SPEC §3, §12). A
    ValueError; nothing was sent."""

    code = "scheme"


class ConfigError(HalchemyError, ValueError):
    """A malformed `.halchemy` configuration file (SPEC §2). A ValueError."""

    code = "config"


class StatusSpecError(HalchemyError, ValueError):
    """A malformed status spec for raise_for_status_codes, e.g. '>abc' (SPEC §10). A
    ValueError."""

    code = "status_spec"


class HalFormatError(HalchemyError, ValueError):
    """A resource that is not well-formed HAL for what was asked of it."""

    code = "hal"


class RelNotFoundError(HalchemyError, KeyError):
    """`follow(resource).to(rel)` or `embedded(rel)` of a rel the resource does not have,
    or no link meeting the criteria (SPEC §11). A KeyError naming the rel."""

    code = "no_rel"


class MultiplicityError(HalchemyError, TypeError):
    """`embedded(rel, expect=...)` found an object where a list was expected or the
    other way round (SPEC §11). A TypeError."""

    code = "expect"


class InvalidValueError(HalchemyError, ValueError):
    """A value out of range: a setting (a negative timeout, max_body 0) or a body that
    JSON has no text for (NaN, Infinity; SPEC §2, §7). A ValueError."""

    code = "invalid"


class MissingETagError(HalchemyError):
    """SPEC §8 `require_if_match`: a PUT, PATCH or DELETE of a resource with no ETag to send
    was refused; nothing was sent. GET the resource first."""

    code = "missing_etag"


def _classes_from_table() -> Dict[str, Type[Exception]]:
    """code -> class, from the core's table; fails loudly when a class strays from it."""
    by_code: Dict[str, Type[Exception]] = {}
    for kind in json.loads(_core.errors_table()):
        name, parent, also = kind["class"], kind["parent"], kind["python_also"]
        cls = globals()[name] if name in globals() else getattr(builtins, name)
        wanted = [globals()[parent]] if parent else []
        if also:
            wanted.append(getattr(builtins, also))
        if not all(issubclass(cls, base) for base in wanted):
            raise ImportError(f"halchemy: {name} does not derive from {wanted} (SPEC §10)")
        by_code[kind["code"]] = cls
    return by_code


_BY_CODE = _classes_from_table()


def make_error(code: str, message: str, resource: Any = None) -> Exception:
    """The exception for a core error code (called by the C extension too; SPEC §10).

    Args:
        code: the core's error name (str), e.g. 'network'; an unknown one gives
            HalchemyError.
        message: the error's text (str).
        resource: the HalResource it concerns, or None.
    Returns the exception (not raised): a HalchemyError subclass, or the built-in
    TypeError for code 'argument'."""
    cls = _BY_CODE.get(code, HalchemyError)
    err: Any  # a HalchemyError, or the built-in TypeError: both get `code`
    if not issubclass(cls, HalchemyError):  # the language's own TypeError (code "argument")
        err = cls(message)
    else:
        err = cls(message, resource)
    err.code = code
    made: Exception = err
    return made


def network_error(code: Optional[str], message: str, resource: Any) -> NetworkError:
    code = code or "network"
    err = make_error(code, message, resource)
    if not isinstance(err, NetworkError):  # e.g. a redirect to file:// refused mid-transfer
        wrapped = NetworkError(message, resource)
        wrapped.code = code  # the code make_error gave err
        return wrapped
    return err
