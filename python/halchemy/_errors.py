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
    from typing import Any, Optional


class HalchemyError(Exception):
    """Base class of every error halchemy raises. `code` is the core's error name."""

    code = "error"

    def __init__(self, message: str, resource: Any = None):
        super().__init__(message)
        self.message = message
        self.resource = resource

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.message


class HTTPError(HalchemyError):
    """A response whose status matched `raise_for_status_codes`; `.resource` has it all."""

    code = "http"


class NetworkError(HalchemyError, ConnectionError):
    """No response: refused, DNS, TLS, reset, closed mid-body, timeout, body too big."""

    code = "network"


class TimeoutError(NetworkError, builtins.TimeoutError):  # noqa: A001 (SPEC §10 names it)
    """No response within the timeout (one deadline for the whole call, SPEC §12)."""

    code = "timeout"


class TemplateError(HalchemyError, ValueError):
    code = "template"


class ParameterError(HalchemyError, ValueError):
    code = "parameters"


class HeaderError(HalchemyError, ValueError):
    code = "header"


class SchemeError(HalchemyError, ValueError):
    code = "scheme"


class ConfigError(HalchemyError, ValueError):
    code = "config"


class StatusSpecError(HalchemyError, ValueError):
    code = "status_spec"


class HalFormatError(HalchemyError, ValueError):
    """A resource that is not well-formed HAL for what was asked of it."""

    code = "hal"


class RelNotFoundError(HalchemyError, KeyError):
    code = "no_rel"


class MultiplicityError(HalchemyError, TypeError):
    code = "expect"


class InvalidValueError(HalchemyError, ValueError):
    code = "invalid"


class MissingETagError(HalchemyError):
    """SPEC §8 `require_if_match`: a PUT, PATCH or DELETE of a resource with no ETag to send
    was refused; nothing was sent. GET the resource first."""

    code = "missing_etag"


def _classes_from_table() -> dict:
    """code -> class, from the core's table; fails loudly when a class strays from it."""
    by_code = {}
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


def make_error(code: str, message: str, resource: Any = None) -> HalchemyError:
    """The exception for a core error code (called by the C extension too)."""
    cls = _BY_CODE.get(code, HalchemyError)
    if not issubclass(cls, HalchemyError):  # the language's own TypeError (code "argument")
        err = cls(message)
    else:
        err = cls(message, resource)
    err.code = code
    return err


def network_error(code: Optional[str], message: str, resource: Any) -> NetworkError:
    err = make_error(code or "network", message, resource)
    if not isinstance(err, NetworkError):  # e.g. a redirect to file:// refused mid-transfer
        wrapped = NetworkError(message, resource)
        wrapped.code = err.code
        return wrapped
    return err
