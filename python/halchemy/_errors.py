"""Exception classes of halchemy and the factory the C core calls to raise them.

Each core error code (see hc_code_name in csrc/util.c) maps to one class here; the class
also derives from the built-in exception a Python user would expect to catch."""
from __future__ import annotations

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


class TimeoutError_(NetworkError):
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


_BY_CODE = {cls.code: cls for cls in (
    TimeoutError_, TemplateError, ParameterError, HeaderError, SchemeError, ConfigError,
    StatusSpecError, HalFormatError, RelNotFoundError, MultiplicityError, InvalidValueError,
    MissingETagError)}
_BY_CODE.update({"json": InvalidValueError, "network": NetworkError,
                 "too_big": NetworkError, "busy": InvalidValueError})


def make_error(code: str, message: str, resource: Any = None) -> HalchemyError:
    """The exception for a core error code (called by the C extension too)."""
    if code == "argument":  # a wrong argument type or an unknown option (SPEC §10)
        return TypeError(message)
    cls = _BY_CODE.get(code, HalchemyError)
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
