"""pytest fixtures for the interop tests: each real HAL server of tests/interop/<name>/ is
started once per session (tests/interop/CONTRACT.md) and stopped at the end."""
import os
import selectors
import subprocess
import sys
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
START_SECONDS = 600  # a first Spring start on a fresh machine downloads from Maven Central


def _start(name, tmp_dir):
    log_path = os.path.join(tmp_dir, f"{name}.log")
    log = open(log_path, "wb")
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, name, "serve.py")],
                            stdout=subprocess.PIPE, stderr=log, cwd=ROOT)
    log.close()
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    line = b""
    deadline = time.monotonic() + START_SECONDS
    while not line.endswith(b"\n") and time.monotonic() < deadline and proc.poll() is None:
        if sel.select(timeout=0.5):
            chunk = os.read(proc.stdout.fileno(), 1)
            if not chunk:
                break
            line += chunk
    sel.close()
    base = line.decode("utf-8", "replace").strip()
    if not base.startswith("http://"):
        proc.terminate()
        proc.wait(30)
        with open(log_path, "rb") as f:
            tail = f.read()[-4000:].decode("utf-8", "replace")
        pytest.fail(f"the {name} server did not print its base URL (got {base!r}); log:\n{tail}")
    return proc, base


def _stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def spring(tmp_path_factory):
    """The base URL of the running Spring Data REST app."""
    proc, base = _start("spring", str(tmp_path_factory.mktemp("spring")))
    yield base
    _stop(proc)


@pytest.fixture(scope="session")
def eve(tmp_path_factory):
    """The base URL of the running Eve app."""
    proc, base = _start("eve", str(tmp_path_factory.mktemp("eve")))
    yield base
    _stop(proc)


@pytest.fixture(autouse=True)
def _no_config_files(tmp_path, monkeypatch):
    """No developer's ~/.halchemy or project file changes a result."""
    empty = tmp_path / "empty.ini"
    empty.write_text("")
    monkeypatch.setenv("HALCHEMY_CONFIG", str(empty))
