"""Starting and stopping a test server script from pytest: one way for every suite
(tests/python, tests/hostile, tests/interop). A server script prints its base URL as the
first line of its stdout once it listens (tests/server/CONTRACT.md). Imported by path by
each conftest.py / test module (`sys.path` gets tests/server), never collected as tests."""
import os
import selectors
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def start_script(script, args=(), log_path=None, start_seconds=20):
    """Starts the Python script `script` with `args`, its stderr to `log_path` (or
    nowhere), and waits at most `start_seconds` for the base URL it prints. Returns
    (process, base URL). Fails the test, with the end of the log, when no URL comes."""
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL
    proc = subprocess.Popen([sys.executable, os.fspath(script), *args], stdout=subprocess.PIPE,
                            stderr=log, cwd=ROOT)
    if log_path:
        log.close()
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    line = b""
    deadline = time.monotonic() + start_seconds
    while not line.endswith(b"\n") and time.monotonic() < deadline and proc.poll() is None:
        if sel.select(timeout=0.2):
            chunk = os.read(proc.stdout.fileno(), 1)
            if not chunk:
                break
            line += chunk
    sel.close()
    base = line.decode("utf-8", "replace").strip()
    if not base.startswith(("http://", "https://")):
        stop_script(proc)
        errors = ""
        if log_path:
            with open(log_path, "rb") as f:
                errors = f.read()[-4000:].decode("utf-8", "replace")
        pytest.fail(f"{os.path.basename(os.fspath(script))} did not print its base URL "
                    f"(got {base!r}); stderr:\n{errors}")
    return proc, base


def stop_script(proc, wait_seconds=10):
    """Stops a process start_script started: SIGTERM, then SIGKILL after `wait_seconds`."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=wait_seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    proc.stdout.close()
