"""pytest fixtures for the interop tests: each real HAL server of tests/interop/<name>/ is
started once per session (tests/interop/CONTRACT.md) and stopped at the end."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "server"))
from serverproc import start_script, stop_script  # noqa: E402  (one way for every suite)

START_SECONDS = 600  # a first Spring start on a fresh machine downloads from Maven Central


def _start(name, tmp_dir):
    return start_script(os.path.join(HERE, name, "serve.py"), (), os.path.join(tmp_dir, f"{name}.log"),
                        START_SECONDS)


def _stop(proc):
    stop_script(proc, 30)


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
