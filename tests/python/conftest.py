"""pytest fixtures: the local test server (two of them, for cross-origin cases), an Api on
it with a clean configuration, and the shared vectors of tests/vectors/."""
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VECTORS = os.path.join(ROOT, "tests", "vectors")


def start_server():
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "server", "server.py"),
                             "--port", "0"], stdout=subprocess.PIPE, text=True)
    base = proc.stdout.readline().strip()
    if not base.startswith("http://"):
        proc.kill()
        raise RuntimeError("the test server did not start")
    return proc, base


@pytest.fixture(scope="session")
def servers():
    first, second = start_server(), start_server()
    yield first[1], second[1]
    for proc, _ in (first, second):
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def base(servers):
    return servers[0]


@pytest.fixture(scope="session")
def other_base(servers):
    return servers[1]


@pytest.fixture(autouse=True)
def clean_config(tmp_path, monkeypatch):
    """No developer's own ~/.halchemy or project file leaks into a test."""
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    (work / ".git").mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("HALCHEMY_CONFIG", raising=False)
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def api(base):
    import halchemy
    api = halchemy.Api(base)
    api.using_endpoint("/reset").post()
    return api


def vectors(name):
    with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
        return json.load(f)["cases"]


def case_id(case):
    return case.get("comment") or json.dumps({k: v for k, v in case.items() if k != "expected"})[:60]
