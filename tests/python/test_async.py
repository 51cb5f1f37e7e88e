"""SPEC §14: what only AsyncApi does. (Everything it shares with Api is checked by the sync
test modules marked `both_apis`, which run again against AsyncApi.) Hundreds of requests
in flight on one AsyncApi without threads, cancellation that aborts the transfer, close and
garbage collection with requests in flight, nothing left registered with the loop, one
multi per event loop, uvloop, and top-level `await` in a Jupyter notebook."""
import asyncio
import gc
import json
import os
import sys
import threading
import time

import pytest

import halchemy


def sockets_open():
    """How many sockets this process has open (Linux)."""
    n = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            n += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return n


def registered(loop):
    """What halchemy could have left with an asyncio loop: readers/writers other than the
    loop's own self-pipe, and timers that are not cancelled."""
    fds = [key.fd for key in loop._selector.get_map().values() if key.fd != loop._ssock.fileno()]
    timers = [t for t in loop._scheduled if not t.cancelled()]
    return fds, timers


def run(coro, loop_factory=None):
    """asyncio.run on the default loop, or on a loop from loop_factory (uvloop)."""
    if loop_factory is None:
        return asyncio.run(coro)
    loop = loop_factory()
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()


def test_500_requests_in_flight_on_one_async_api_without_a_thread_each(base):
    threads_before = threading.active_count()
    peak = {"threads": 0}

    async def main():
        async with halchemy.AsyncApi(base) as api:
            async def one(i):
                peak["threads"] = max(peak["threads"], threading.active_count())
                return await api.using_endpoint("/echo/{n}").with_template_values({"n": i}).get()
            results = await asyncio.gather(*(one(i) for i in range(500)))
            assert api._driver().multi.running == 0
            return results

    results = run(main())
    assert [r["path"] for r in results] == [f"/echo/{i}" for i in range(500)]
    assert all(r._halchemy.response.status_code == 200 for r in results)
    assert peak["threads"] <= threads_before


def test_requester_methods_are_coroutines_returning_the_sync_resources(base):
    async def main():
        api = halchemy.AsyncApi(base)
        pending = api.home.get()
        assert asyncio.iscoroutine(pending)
        home = await pending
        sync_home = halchemy.Api(base).home.get()
        assert type(home) is type(sync_home) and home == sync_home
        assert home._halchemy.request.url == sync_home._halchemy.request.url
        # a bad request fails when awaited, as the sync call fails when called
        bad = api.using_endpoint("/x/{unclosed")
        with pytest.raises(halchemy.TemplateError):
            await bad.get()
        api.close()
    run(main())


@pytest.mark.parametrize("loop_kind", ["asyncio", "uvloop"])
def test_cancelling_the_task_aborts_the_transfer_within_200_ms(base, loop_kind):
    factory = None
    if loop_kind == "uvloop":
        uvloop = pytest.importorskip("uvloop", reason="uvloop is not installed (pip install uvloop)")
        factory = uvloop.new_event_loop

    async def main():
        api = halchemy.AsyncApi(base)
        api._driver()  # this loop's multi (libcurl's own wakeup socketpair) made first
        gc.collect()  # earlier tests' AsyncApis, and their connections, are gone
        baseline = sockets_open()
        task = asyncio.ensure_future(api.using_endpoint("/slow/30").get())
        await asyncio.sleep(0.3)  # connected, the request sent, waiting for the answer
        assert api._driver().multi.running == 1
        assert sockets_open() == baseline + 1
        cancelled_at = time.perf_counter()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        latency = time.perf_counter() - cancelled_at
        assert latency < 0.2, f"the cancelled task ended {latency:.3f} s after cancel()"
        driver = api._driver()
        assert driver.multi.running == 0  # freed
        assert driver._watched == {} and driver._timer is None
        assert sockets_open() == baseline  # its connection was closed, not left to finish
        home = await api.home.get()  # the next request works
        assert home._halchemy.response.status_code == 200
        api.close()
        return latency

    latency = run(main(), factory)
    print(f"cancel latency on {loop_kind}: {latency * 1000:.2f} ms")


def test_wait_for_a_timeout_cancels_the_request_and_the_api_keeps_working(base):
    async def main():
        api = halchemy.AsyncApi(base)
        started = time.perf_counter()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(api.using_endpoint("/slow/30").get(), 0.2)
        assert time.perf_counter() - started < 0.5
        assert api._driver().multi.running == 0
        assert (await api.home.get())._halchemy.response.status_code == 200
    run(main())


def test_timeouts_are_the_sync_apis(base):
    async def main():
        api = halchemy.AsyncApi(base, timeout=0.2)
        started = time.perf_counter()
        with pytest.raises(halchemy.TimeoutError) as raised:
            await api.using_endpoint("/slow/5").get()
        assert raised.value.code == "timeout" and time.perf_counter() - started < 1
        api.timeout = 30
        with pytest.raises(halchemy.TimeoutError):
            await api.using_endpoint("/slow/5").with_timeout(0.2).get()
    run(main())


@pytest.mark.parametrize("loop_kind", ["asyncio", "uvloop"])
def test_nothing_is_left_with_the_loop_after_the_last_request(base, loop_kind):
    if loop_kind == "uvloop":
        uvloop = pytest.importorskip("uvloop", reason="uvloop is not installed (pip install uvloop)")
    api = halchemy.AsyncApi(base)

    async def main():
        await asyncio.gather(*(api.using_endpoint("/echo/x").get() for _ in range(50)))
        await api.follow(await api.home.get()).to("customers").get()
        driver = api._driver()
        assert driver._watched == {} and driver._timer is None and driver.multi.running == 0
        if loop_kind == "asyncio":
            assert registered(asyncio.get_running_loop()) == ([], [])

    started = time.perf_counter()
    if loop_kind == "asyncio":
        asyncio.run(main())
    else:
        run(main(), uvloop.new_event_loop)
    assert time.perf_counter() - started < 2  # the run ends with the last request
    api.close()


def test_close_with_requests_in_flight_settles_them_with_code_closed(base):
    async def main():
        api = halchemy.AsyncApi(base)
        tasks = [asyncio.ensure_future(api.using_endpoint("/slow/30").get()) for _ in range(3)]
        await asyncio.sleep(0.2)
        api.close()
        for task in tasks:
            with pytest.raises(halchemy.HalchemyError) as raised:
                await task
            assert raised.value.code == "closed"
            assert "closed while this request was in flight" in str(raised.value)
        with pytest.raises(halchemy.HalchemyError) as raised:
            await api.home.get()
        assert raised.value.code == "closed"
        assert api.closed and api.base_url == base  # settings still work
        assert registered(asyncio.get_running_loop()) == ([], [])
    started = time.perf_counter()
    run(main())
    assert time.perf_counter() - started < 2


def test_async_with_closes_the_api(base):
    async def main():
        async with halchemy.AsyncApi(base) as api:
            await api.home.get()
        assert api.closed
        with pytest.raises(halchemy.HalchemyError) as raised:
            await api.home.get()
        assert raised.value.code == "closed"
    run(main())


def test_an_async_api_collected_with_requests_in_flight_settles_them_with_code_closed(base):
    async def main():
        api = halchemy.AsyncApi(base)
        gc.collect()  # earlier tests' AsyncApis, and their connections, are gone
        task = asyncio.ensure_future(api.using_endpoint("/slow/30").get())
        await asyncio.sleep(0.2)
        before = sockets_open()  # the connection, and the multi's wakeup socketpair
        del api
        gc.collect()
        with pytest.raises(halchemy.HalchemyError) as raised:
            await asyncio.wait_for(task, 1)
        assert raised.value.code == "closed"
        assert sockets_open() <= before - 1  # its connection closed
        assert registered(asyncio.get_running_loop()) == ([], [])
    run(main())


def test_each_event_loop_gets_its_own_multi(base):
    """One AsyncApi used from two loops at once (two threads): each loop drives its own
    multi; a loop that has closed gives its connections back at the next use."""
    api = halchemy.AsyncApi(base)
    results, errors = [], []

    def in_thread():
        try:
            async def main():
                rs = await asyncio.gather(*(api.using_endpoint("/slow/0.2").get() for _ in range(5)))
                return id(api._driver()), [r["slow"] for r in rs]
            results.append(asyncio.run(main()))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=in_thread) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not errors and len(results) == 2
    assert results[0][0] != results[1][0]
    assert results[0][1] == results[1][1] == [True] * 5

    async def later():
        await api.home.get()
        return len(api._drivers)
    assert asyncio.run(later()) == 1  # the two closed loops' multis were closed
    api.close()


def test_a_request_on_another_loop_after_cancel_in_one_still_works(base):
    api = halchemy.AsyncApi(base)

    async def cancelled():
        task = asyncio.ensure_future(api.using_endpoint("/slow/30").get())
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    asyncio.run(cancelled())

    async def fine():
        return await api.home.get()
    assert asyncio.run(fine())._halchemy.response.status_code == 200


def test_uvloop_runs_many_requests(base):
    uvloop = pytest.importorskip("uvloop", reason="uvloop is not installed (pip install uvloop)")

    async def main():
        async with halchemy.AsyncApi(base) as api:
            rs = await asyncio.gather(*(api.using_endpoint("/echo/u").with_parameters({"i": i}).get()
                                        for i in range(200)))
            return [r["query"] for r in rs]
    assert run(main(), uvloop.new_event_loop) == [f"i={i}" for i in range(200)]


def test_top_level_await_in_a_jupyter_notebook(base, tmp_path):
    nbformat = pytest.importorskip("nbformat", reason="nbclient is not installed (pip install nbclient ipykernel)")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (pip install nbclient ipykernel)")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install ipykernel)")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f"import halchemy\napi = halchemy.AsyncApi({base!r})"),
        nbformat.v4.new_code_cell(
            "home = await api.home.get()\n"
            "customers = await api.follow(home).to('customers').get()\n"
            "print(home._halchemy.response.status_code, len(customers['_items']) > 0)"),
        nbformat.v4.new_code_cell("import asyncio\n"
                                  "rs = await asyncio.gather(*(api.home.get() for _ in range(20)))\n"
                                  "print(len(rs))"),
    ]
    path = tmp_path / "async.ipynb"
    nbformat.write(nb, str(path))
    env_path = os.path.dirname(sys.executable)
    client = nbclient.NotebookClient(nb, timeout=60, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    old_path = os.environ.get("PATH", "")
    os.environ["PATH"] = env_path + os.pathsep + old_path  # the kernel is this venv's python
    try:
        client.execute()
    finally:
        os.environ["PATH"] = old_path
    out = ["".join(o.get("text", "") for o in cell.outputs) for cell in nb.cells]
    assert out[1].strip() == "200 True", json.dumps(nb.cells[1].outputs)
    assert out[2].strip() == "20"
