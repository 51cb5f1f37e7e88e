"""AsyncApi (SPEC §14): the Api whose requests are coroutines, run on the C core's multi
interface (halchemy._core.Multi over hc_multi) and driven by the running asyncio loop.

Everything but the driving is the Api's: settings, headers, the fluent chain, the request's
arguments (ReadOnlyRequester._arguments) and the resource built from the result
(_resource_from). The asyncio requesters override one method, `_send`.

How the loop drives the multi: libcurl says which sockets to watch (`_on_socket`, mapped to
loop.add_reader/add_writer/remove_*) and when it wants to be called again (`_on_timer`,
mapped to loop.call_soon/call_later, the previous handle cancelled). When the loop reports
a ready socket or the timer is due, Multi.action runs libcurl and hands back the finished
transfers, whose futures are settled there. No thread, no polling; when nothing is in
flight nothing is registered with the loop."""
from __future__ import annotations

import asyncio
import weakref

from . import _core
from ._api import Follower, ReadOnlyRequester, Requester, _ApiBase, _resource_from

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Dict, List, Optional, Tuple

    from typing_extensions import Unpack

    from ._api import Body, Settings
    from ._resource import HalResource

_IN = _core.POLL_IN
_OUT = _core.POLL_OUT
_REMOVE = _core.POLL_REMOVE


class _LoopDriver:
    """One hc_multi of one AsyncApi on one event loop (SPEC §14)."""

    __slots__ = ("loop", "multi", "_timer", "_timer_soon", "_watched", "_closed", "__weakref__")

    def __init__(self, core: Any, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        # the loop's handle for libcurl's one timeout: a Handle or a TimerHandle, uvloop's own
        # classes on uvloop (so no isinstance on them)
        self._timer: Any = None
        self._timer_soon = False  # that handle is a call_soon
        self._watched: Dict[int, int] = {}  # fd -> _IN|_OUT registered with the loop
        self._closed = False
        self.multi = _core.Multi(core, self._on_socket, self._on_timer)

    def start(self, arguments: tuple) -> asyncio.Future:  # type: ignore[type-arg]
        """Starts a request (Api.request's arguments); its future gets the result tuple."""
        future = self.loop.create_future()
        self.multi.add(future, *arguments)
        return future

    def cancel(self, future: asyncio.Future) -> None:  # type: ignore[type-arg]
        """The awaiting task was cancelled: the transfer is aborted (its connection closed)
        and freed now."""
        if not self._closed:
            self.multi.cancel(future)

    # ---- libcurl -> the loop ----
    def _on_socket(self, fd: int, what: int) -> None:
        if self._closed:
            return
        old = self._watched.get(fd, 0)
        new = 0 if what & _REMOVE else what
        if new == old:
            return
        loop = self.loop
        if old & _IN and not new & _IN:
            loop.remove_reader(fd)
        if old & _OUT and not new & _OUT:
            loop.remove_writer(fd)
        if new & _IN and not old & _IN:
            loop.add_reader(fd, self._readable, fd)
        if new & _OUT and not old & _OUT:
            loop.add_writer(fd, self._writable, fd)
        if new:
            self._watched[fd] = new
        else:
            del self._watched[fd]

    def _on_timer(self, ms: int) -> None:
        if self._closed:
            return
        timer = self._timer
        if timer is not None:
            if self._timer_soon:
                if ms >= 0:
                    return  # due at the next turn anyway; libcurl then sets the timer again
            elif ms > 0 and timer.when() <= self.loop.time() + ms / 1000.0:
                return  # due earlier: an early call is harmless (libcurl sets it again)
            timer.cancel()
        if ms < 0:
            self._timer = None
        elif ms == 0:
            self._timer = self.loop.call_soon(self._due)
        else:
            self._timer = self.loop.call_later(ms / 1000.0, self._due)
        self._timer_soon = ms == 0

    # ---- the loop -> libcurl ----
    def _readable(self, fd: int) -> None:
        done = self.multi.action(fd, _IN)
        if done is not None:
            _settle(done)

    def _writable(self, fd: int) -> None:
        done = self.multi.action(fd, _OUT)
        if done is not None:
            _settle(done)

    def _due(self) -> None:
        self._timer = None
        self._timer_soon = False
        done = self.multi.action(-1, 0)
        if done is not None:
            _settle(done)

    # ---- lifetime ----
    def close(self) -> None:
        """Aborts what is in flight (each future gets HalchemyError, code 'closed'), frees
        every transfer, closes the multi's connections and unregisters from the loop. Runs
        on the loop's thread (AsyncApi.close sends it there when that loop runs elsewhere)."""
        if self._closed:
            return
        loop_open = not self.loop.is_closed()
        if not loop_open:
            self._closed = True  # nothing may be registered with a closed loop
        settle = self.multi.close()
        self._closed = True
        if loop_open:
            for fd, mask in self._watched.items():
                if mask & _IN:
                    self.loop.remove_reader(fd)
                if mask & _OUT:
                    self.loop.remove_writer(fd)
            if self._timer is not None:
                self._timer.cancel()
            for future, error in settle:
                if not future.done():
                    future.set_exception(error)
        self._watched.clear()
        self._timer = None


def _settle(done: List[Tuple[asyncio.Future[Any], Tuple[Any, ...]]]) -> None:
    for future, result in done:
        if not future.done():  # a cancelled one was freed by its task already
            future.set_result(result)


def _close_drivers(drivers: Dict[Any, _LoopDriver]) -> None:
    """Closes every driver, each on its loop's thread (AsyncApi.close and its finalizer)."""
    try:
        current = asyncio.get_running_loop()
    except RuntimeError:
        current = None
    for loop, driver in list(drivers.items()):
        drivers.pop(loop, None)
        if loop is not current and loop.is_running():
            loop.call_soon_threadsafe(driver.close)
        else:
            driver.close()


_ASYNC_DOC = """ A coroutine: `await` it for the HalResource (SPEC §14); it raises what the blocking
        method raises (SPEC §10). Cancelling the awaiting task aborts the transfer."""


class AsyncReadOnlyRequester(ReadOnlyRequester):
    """ReadOnlyRequester whose get(), head() and options() return coroutines (SPEC §14):
    `home = await api.home.get()`. The `with_*` methods return the AsyncReadOnlyRequester
    itself, as the blocking ones do (SPEC §3)."""

    __slots__ = ()

    if TYPE_CHECKING:  # at run time get() etc. are ReadOnlyRequester's, returning _send()'s
        _api: AsyncApi  # made only by an AsyncApi (its _ReadOnly, _Full and _Follower)

        async def get(self) -> HalResource:  # type: ignore[override]
            ...

        async def head(self) -> HalResource:  # type: ignore[override]
            ...

        async def options(self) -> HalResource:  # type: ignore[override]
            ...

    async def _send(self, method: str, data: Any = None,  # type: ignore[override]
                    content_type: Optional[str] = None) -> HalResource:
        arguments = self._arguments(method, data, content_type)
        driver = self._api._driver()
        # The awaiting coroutine keeps no reference to the AsyncApi, so one dropped with
        # requests in flight is collected, and its finalizer settles them (code 'closed').
        del self
        future = driver.start(arguments)
        try:
            result = await future
        except asyncio.CancelledError:
            driver.cancel(future)  # SPEC §14: aborted now, not left to finish
            raise
        return _resource_from(result)


class AsyncRequester(AsyncReadOnlyRequester, Requester):
    """Requester whose get(), post(), put(), patch(), delete(), head() and options() return
    coroutines (`await api.follow(r).to('self').patch({...})`; SPEC §14). The `with_*`
    methods return the AsyncRequester itself."""

    __slots__ = ()

    if TYPE_CHECKING:  # at run time these are Requester's, returning _send()'s coroutine
        async def get(self) -> HalResource:  # type: ignore[override]
            ...

        async def head(self) -> HalResource:  # type: ignore[override]
            ...

        async def options(self) -> HalResource:  # type: ignore[override]
            ...

        async def post(self, data: Body = None,  # type: ignore[override]
                       content_type: Optional[str] = None) -> HalResource:
            ...

        async def put(self, data: Body = None,  # type: ignore[override]
                      content_type: Optional[str] = None) -> HalResource:
            ...

        async def patch(self, data: Body = None,  # type: ignore[override]
                        content_type: Optional[str] = None) -> HalResource:
            ...

        async def delete(self) -> HalResource:  # type: ignore[override]
            ...


class AsyncFollower(Follower):
    """`api.follow(resource)` of an AsyncApi: its `.to(rel)` gives an AsyncRequester
    (SPEC §11, §14)."""

    __slots__ = ()

    if TYPE_CHECKING:
        def to(self, rel: str, name: Optional[str] = None,
               **criteria: Any) -> AsyncRequester:
            ...


class AsyncApi(_ApiBase):
    """The Api for asyncio (SPEC §14): the same settings, headers, config file, fluent chain,
    resources and errors, with requester methods returning coroutines:

        async with AsyncApi('http://localhost:2112') as api:
            home = await api.home.get()

    Transfers run on the C core's multi interface driven by the running event loop (any
    asyncio loop, uvloop included), no thread per request; hundreds can be in flight on one
    AsyncApi. Cancelling the awaiting task aborts its transfer. Each event loop that uses
    the AsyncApi gets its own multi (and connections); close() (or `async with`) aborts
    what is in flight everywhere with HalchemyError code 'closed', as does garbage
    collection of the AsyncApi."""

    _ReadOnly = AsyncReadOnlyRequester
    _Full = AsyncRequester
    _Follower = AsyncFollower

    if TYPE_CHECKING:  # the same requesters, their asyncio kind
        @property
        def home(self) -> AsyncReadOnlyRequester: ...

        @property
        def root(self) -> AsyncReadOnlyRequester: ...

        def using_endpoint(self, url: str) -> AsyncRequester: ...

        def follow(self, resource: Mapping[str, Any]
                   ) -> AsyncFollower: ...

    def __init__(self, base_url: Optional[str] = None,
                 headers: Optional[Mapping[str, str]] = None,
                 **settings: Unpack[Settings]) -> None:
        super().__init__(base_url, headers, **settings)
        self._drivers: Dict[Any, _LoopDriver] = {}
        self._finalizer = weakref.finalize(self, _close_drivers, self._drivers)

    def _driver(self) -> _LoopDriver:
        loop = asyncio.get_running_loop()
        driver = self._drivers.get(loop)
        if driver is None:
            for other in [other for other in self._drivers if other.is_closed()]:
                self._drivers.pop(other).close()  # a finished asyncio.run's: its connections
            driver = self._drivers[loop] = _LoopDriver(self._core, loop)
        return driver

    def close(self) -> None:
        """Closes the connections kept alive and aborts the requests in flight (they raise
        HalchemyError, code 'closed'), now. Later requests raise the same; settings,
        headers and the cookie jar still work. Idempotent."""
        self._core.close()
        _close_drivers(self._drivers)

    async def __aenter__(self) -> "AsyncApi":
        """`async with AsyncApi(...) as api:` gives the AsyncApi; close() at the end."""
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Closes the AsyncApi (SPEC §14); exceptions are not suppressed."""
        self.close()
