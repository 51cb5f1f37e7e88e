"""Issue 14: halchemy's types, checked by `mypy --strict` as a user's project would check
them (the installed package, its py.typed and annotations).

- typing_cases/typical.py, the README's style of use (a requested resource's
  `_halchemy.response.status_code == 412` with no None check, Api keywords, Self-typed
  `with_*`, AsyncApi's coroutines, JSON and bytes bodies), must pass with no error;
- typing_cases/misuse.py must fail with exactly the errors its lines are marked with
  (`api.timeout = 'ten'`, an unknown keyword, a set as a body, ...).

Skipped, with the reason, when mypy is not installed (pip install mypy)."""
import os
import re
import subprocess
import sys

import pytest

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "typing_cases")

try:
    import mypy  # noqa: F401
except ImportError:
    mypy = None

pytestmark = pytest.mark.skipif(mypy is None, reason="mypy is not installed (pip install mypy): "
                                "the type-checking tests did not run")


def _mypy(path, tmp_path, *target):
    """mypy --strict on one file (or on `target`, e.g. "-p", "halchemy"), from a neutral
    directory (the installed halchemy, not the source tree); its output lines and exit code."""
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--cache-dir", str(tmp_path / "cache"), "--no-error-summary",
                           "--show-error-codes", "--hide-error-context", *(target or [path])],
                          cwd=str(tmp_path), capture_output=True, text=True, timeout=300)
    print(f"mypy --strict {os.path.basename(path)}: exit {proc.returncode}\n{proc.stdout}"
          f"{proc.stderr}")  # shown with -rA / on failure: the report that it ran
    lines = [ln for ln in proc.stdout.splitlines() if ": error:" in ln]
    return lines, proc.returncode


def test_typical_use_type_checks_under_strict(tmp_path):
    errors, code = _mypy(os.path.join(HERE, "typical.py"), tmp_path)
    assert errors == [] and code == 0


def test_misuse_fails_with_the_marked_errors(tmp_path):
    path = os.path.join(HERE, "misuse.py")
    expected = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            m = re.search(r"# E: ([\w-]+)", line)
            if m:
                expected[number] = m.group(1)
    errors, code = _mypy(path, tmp_path)
    assert code == 1
    found = {}
    for line in errors:
        m = re.match(r".*misuse\.py:(\d+): error: .*\[([\w-]+)\]$", line)
        assert m, f"an error outside the marked lines: {line}"
        found.setdefault(int(m.group(1)), set()).add(m.group(2))
    assert set(found) == set(expected), errors
    for number, code_name in expected.items():
        assert code_name in found[number], (number, errors)


def test_the_specific_misuse_messages(tmp_path):
    errors, _ = _mypy(os.path.join(HERE, "misuse.py"), tmp_path)
    text = "\n".join(errors)
    assert re.search(r'expression has type "str", variable has type "float \| None"', text)
    assert 'Unexpected keyword argument "timout" for "Api"' in text
    assert re.search(r'"post" of "Requester" has incompatible type "set\[int\]"', text)
    assert '"ReadOnlyRequester" has no attribute "post"' in text


def test_the_package_itself_type_checks_under_strict(tmp_path):
    """The installed package's own sources (and _core.pyi, the C module's surface) pass
    `mypy --strict`, so its annotations are the ones users' checkers see, not guesses."""
    errors, code = _mypy("halchemy", tmp_path, "-p", "halchemy")
    assert errors == [] and code == 0
