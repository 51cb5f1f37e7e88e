"""pytest fixtures for the halchemy Python package.

- two local test servers (tests/server/server.py, see tests/server/CONTRACT.md): `base` is
  the API's origin, `other_base` a second origin for the credential-scoping tests;
- `reset` restores the seed customers; `api` is an `Api(base)`;
- every test runs with HOME, HALCHEMY_CONFIG and the working directory pointing into its
  own temporary directories, so no developer's ~/.halchemy or project file leaks in;
- `@pytest.mark.vectors("file.json", **where)` parametrizes a test's `case` argument with
  the shared cases of tests/vectors/ (skipped with a reason while a file is not written
  yet; a file that is present but unreadable or empty fails, never skips);
- `tripwire`: a listening socket that records any connection, to prove "nothing was sent";
- `core`: the one place these tests call halchemy._core, for a rule no public API exposes.

Helpers are fixtures (not imports from this file) so that another conftest.py elsewhere in
the repository can never shadow them."""
import json
import os
import socket
import sys
import threading
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVER = os.path.join(ROOT, "tests", "server", "server.py")
VECTORS = os.path.join(ROOT, "tests", "vectors")
sys.path.insert(0, os.path.join(ROOT, "tests", "server"))
from serverproc import start_script, stop_script  # noqa: E402  (one way for every suite)

# hc_code names used as "error" in the shared vectors -> the exception a Python user
# catches. SPEC names KeyError (missing rel), TypeError (embedded expect mismatch) and
# ValueError (collection); for the other "clear errors" these tests assume ValueError (or a
# subclass), as requests/httpx users know it from InvalidURL/InvalidSchema/InvalidHeader.
def _errors_table():
    """hc_code names of the vectors -> the class a Python user catches: the core's one table
    (SPEC §10), tests/vectors/errors.json."""
    import builtins

    import halchemy
    with open(os.path.join(ROOT, "tests", "vectors", "errors.json"), encoding="utf-8") as f:
        table = json.load(f)["table"]
    return {k["code"]: getattr(halchemy, k["class"], None) or getattr(builtins, k["class"])
            for k in table}


ERRORS = _errors_table()

with open(os.path.join(ROOT, "tests", "vectors", "defaults.json"), encoding="utf-8") as _f:
    DEFAULTS = json.load(_f)  # SPEC §2, §6: the built-in settings and default headers


# ---- the test servers ----------------------------------------------------------------

def _start_server(log_path):
    if not os.path.exists(SERVER):
        pytest.fail(f"the test server {SERVER} does not exist (see tests/server/CONTRACT.md)")
    return start_script(SERVER, ["--port", "0"], log_path)


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    logs = tmp_path_factory.mktemp("server-logs")
    started = []
    try:
        started.append(_start_server(logs / "first.log"))
        started.append(_start_server(logs / "second.log"))
        yield started[0][1], started[1][1]
    finally:
        for proc, _ in started:
            stop_script(proc)


@pytest.fixture(scope="session")
def base(servers):
    """The base URL of the test server the Api talks to, e.g. http://127.0.0.1:41234."""
    return servers[0]


@pytest.fixture(scope="session")
def other_base(servers):
    """A second test server: another origin (same host, other port)."""
    return servers[1]


@pytest.fixture
def reset(base):
    """Restores the seed customers (A375, B200) before a test that changes them. Done with
    urllib, so a broken package cannot leave the data changed for the next test."""
    req = urllib.request.Request(base + "/reset", method="POST", data=b"")
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 204


@pytest.fixture
def api(base, api_kind):
    """An Api on the test server, with the built-in defaults only (see isolated_config).
    Tests that change customers also ask for `reset`. In a `both_apis` module's [async]
    run, an AsyncApi behind a BlockingFacade (see api_kind)."""
    import halchemy
    return halchemy.Api(base)


# ---- configuration isolation ------------------------------------------------------------

@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    """HOME is an empty temporary directory, HALCHEMY_CONFIG is unset and the working
    directory is a temporary project (it holds a `.git` directory, so the project-root
    walk stops there and never reaches the repository's own root). Returns that project
    directory; config tests write their `.halchemy` files into it (or into `home`)."""
    home = tmp_path / "home"
    home.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    (project / ".git").mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.delenv("HALCHEMY_CONFIG", raising=False)
    monkeypatch.chdir(project)
    return project


@pytest.fixture
def home_dir(tmp_path):
    return tmp_path / "home"


# ---- shared vectors -------------------------------------------------------------------

class BrokenVectors:
    """Stands in for the cases of a vector file that is present but cannot be used."""

    def __init__(self, reason):
        self.reason = reason

    def __repr__(self):
        return f"BrokenVectors({self.reason!r})"


def _case_id(case):
    if case.get("comment"):
        return str(case["comment"])[:70]
    inputs = {k: v for k, v in case.items() if k not in ("expected", "error", "message")}
    return json.dumps(inputs, ensure_ascii=False, separators=(",", ":"))[:70]


def _uritemplate_suite(directory):
    cases = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            groups = json.load(f)
        for group, body in groups.items():
            for template, expected in body["testcases"]:
                cases.append({"comment": f"{name[:-5]}:{group}:{template}",
                              "variables": body.get("variables", {}),
                              "template": template, "expected": expected})
    return cases


def _vector_params(name, where):
    path = os.path.join(VECTORS, name)
    if not os.path.exists(path):
        return [pytest.param(None, id="not-written-yet",
                             marks=pytest.mark.skip(reason=f"tests/vectors/{name} is not written yet"))]
    try:
        if os.path.isdir(path):
            cases = _uritemplate_suite(path)
        else:
            with open(path, encoding="utf-8") as f:
                cases = json.load(f)["cases"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [pytest.param(BrokenVectors(f"tests/vectors/{name} cannot be read: {exc!r}"), id="unreadable")]
    cases = [c for c in cases if all(c.get(k) == v for k, v in where.items())]
    if not cases:
        return [pytest.param(BrokenVectors(f"tests/vectors/{name} has no cases matching {where}"), id="empty")]
    return [pytest.param(c, id=_case_id(c)) for c in cases]


def pytest_configure(config):
    config.addinivalue_line("markers", "vectors(name, **where): parametrize `case` with the cases "
                            "of tests/vectors/<name> whose fields equal `where`")
    config.addinivalue_line("markers", "both_apis: run each test of the module with the blocking "
                            "Api [sync] and with AsyncApi [async] (see the api_kind fixture)")
    config.addinivalue_line("markers", "sync_only(reason): in a both_apis module, run this test "
                            "with the blocking Api only (the reason says why)")


def pytest_generate_tests(metafunc):
    marker = metafunc.definition.get_closest_marker("vectors")
    if marker is not None and "case" in metafunc.fixturenames:
        metafunc.parametrize("case", _vector_params(marker.args[0], marker.kwargs))


@pytest.fixture(autouse=True)
def _fail_on_broken_vectors(request):
    callspec = getattr(request.node, "callspec", None)
    case = callspec.params.get("case") if callspec else None
    if isinstance(case, BrokenVectors):
        pytest.fail(case.reason)


@pytest.fixture(scope="session")
def errors():
    """hc_code name (as in the vectors' "error") -> the exception class expected in Python."""
    return dict(ERRORS)


# ---- small helpers, as fixtures ---------------------------------------------------------

@pytest.fixture(scope="session")
def received():
    """The headers the test server received, from an /echo resource, by lower-case name."""
    def received(echo):
        return {name.lower(): value for name, value in echo["headers"].items()}
    return received


@pytest.fixture(scope="session")
def still_works():
    """Asserts that an Api (after something hostile) still does a normal GET."""
    def still_works(api):
        home = api.home.get()
        assert home._halchemy.response.status_code == 200
        assert home["_links"]["customers"]["href"] == "/customers"
        echo = api.using_endpoint("/echo/after").with_parameters({"ok": 1}).get()
        assert echo["path"] == "/echo/after" and echo["query"] == "ok=1"
    return still_works


@pytest.fixture
def make_resource(api):
    """Builds a resource of the package's own resource type (whatever dict subclass a GET
    returns) from a plain dict, for helper tests on arbitrary JSON."""
    kind = type(api.using_endpoint("/hal").get())

    def make(fields):
        return kind(fields)
    return make


class Tripwire:
    """A listening TCP socket that counts connections. A URL pointing at it is a place a
    request must never go."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def url(self, scheme="http", path="/"):
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def _accept(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            conn.close()

    def untouched(self):
        time.sleep(0.2)  # a connection already made is accepted well within this
        return self.connections == 0

    def close(self):
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def refused_url():
    """A URL on a local port where nothing listens: the connection is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def tripwire():
    wire = Tripwire()
    yield wire
    wire.close()


class CoreAdapter:
    """The only use of halchemy._core in these tests: rules that no public API exposes.
    Keep it small; adapt here if the extension's function names change."""

    @staticmethod
    def status_matches(spec, code):
        """Whether status `code` matches a raise_for_status_codes spec. Used only for 1xx
        codes, which a server cannot send as a final response."""
        from halchemy import _core
        return bool(_core.status_matches(spec, code))

    @staticmethod
    def if_match(case):
        """The SPEC §8 rule on one if_match.json case, by itself (a body the resource came in,
        'etag_source', cannot be made by the test server)."""
        from halchemy import _core
        return _core.if_match(case["method"], case["link_href"], case["self_href"],
                              case["etag_header"], case["etag_value"], case["etag_source"])

    @staticmethod
    def url_resolve(base, document, href):
        from halchemy import _core
        return _core.url_resolve(base, document, href)

    @staticmethod
    def to_json(value):
        """The JSON text the package hands the core for a request value (SPEC §9)."""
        from halchemy import _core
        return _core.to_json(value)

    @staticmethod
    def encode_reference(href):
        from halchemy import _core
        return _core.encode_reference(href)


@pytest.fixture(scope="session")
def core():
    return CoreAdapter()


# ---- both Apis: the sync test modules run against AsyncApi too (SPEC §14) ---------------

class BlockingFacade:
    """An AsyncApi (or one of its followers and requesters) that a test body written for
    the blocking Api drives unchanged: attribute reads, writes and calls go to the wrapped
    object, a coroutine a call returns (a request) is run to completion with asyncio.run,
    a fresh event loop per request (so every request also proves that the AsyncApi gets a
    multi for each new loop and leaves nothing behind on the old one), and followers and
    requesters come back wrapped. `with` closes the AsyncApi."""

    __slots__ = ("_target",)

    def __init__(self, target):
        object.__setattr__(self, "_target", target)

    @staticmethod
    def wrap(value):
        import asyncio
        import inspect

        from halchemy import AsyncApi, AsyncReadOnlyRequester, Follower
        if inspect.iscoroutine(value):
            return BlockingFacade.wrap(asyncio.run(value))
        if isinstance(value, (AsyncApi, AsyncReadOnlyRequester, Follower)):
            return BlockingFacade(value)
        return value

    def __getattr__(self, name):
        value = getattr(self._target, name)
        if callable(value) and not isinstance(value, type):
            return lambda *args, **kwargs: BlockingFacade.wrap(value(*args, **kwargs))
        return BlockingFacade.wrap(value)

    def __setattr__(self, name, value):
        setattr(self._target, name, value)

    def __repr__(self):
        return repr(self._target)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._target.close()


def _blocking_async_api(*args, **kwargs):
    import halchemy
    return BlockingFacade(halchemy.AsyncApi(*args, **kwargs))


_original_generate_tests = pytest_generate_tests


def pytest_generate_tests(metafunc):  # noqa: F811 (extends the vectors' hook above)
    _original_generate_tests(metafunc)
    if metafunc.definition.get_closest_marker("both_apis") is not None and \
            metafunc.definition.get_closest_marker("sync_only") is None and \
            "api_kind" in metafunc.fixturenames:
        metafunc.parametrize("api_kind", ["sync", "async"], indirect=True)


@pytest.fixture
def api_kind(request, monkeypatch):
    """"sync" (the default), or "async" in a module marked `both_apis`: then `halchemy.Api`
    (and the `api` fixture) is an AsyncApi behind a BlockingFacade for the whole test, so
    the same test body checks that AsyncApi behaves as the Api does."""
    kind = getattr(request, "param", "sync")
    if kind == "async":
        import halchemy
        monkeypatch.setattr(halchemy, "Api", _blocking_async_api)
    return kind


@pytest.fixture(autouse=True)
def _both_apis(api_kind):
    """Puts api_kind in every test, so that a `both_apis` module's tests that make their Api
    with halchemy.Api(...) instead of the `api` fixture run twice too."""
