"""The README's own code: every ```python and ```javascript block of README.md is checked
with the strict checker of its language and, where it can, run against the example server.

- Python: each snippet is its own module, PY_PRELUDE + snippet, checked by `mypy --strict`.
- JavaScript: each snippet is wrapped (after JS_PRELUDE) in an async function, so top-level
  `await` works, and compiled by `tsc --strict` with `halchemy` resolved to the repo's
  node/lib/index.d.ts (`paths` in a temporary tsconfig); the emitted JavaScript is what runs.
- Running: the preludes are real code too (they GET the names a snippet assumes from the
  snippets before it: api, home, customers, customer...), so a snippet runs on its own
  against examples/server/server.py --port 0, with http://localhost:2112 replaced by the
  server's URL. NO_RUN lists the snippets that need another server (and why).

A block preceded by `<!-- snippet: skip -->` is not checked at all; ```sh, ```ini and
unlabelled blocks (shell, output, config) are not code of either language.
Run: .venv/bin/python -m pytest tests/readme   (needs mypy, the halchemy package in the
venv, and `npm install` done for typescript and the addon)."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DEMO_URL = "http://localhost:2112"
SKIP_MARKER = "<!-- snippet: skip -->"

# Names the README's snippets take from the snippets before them, typed precisely; real
# code, so that each snippet also runs on its own.
PY_PRELUDE = f'''\
import json
from typing import Any, Dict, List
from halchemy import Api, HalResource
url: str = {DEMO_URL!r}
api: Api = Api(url)
home: HalResource = api.home.get()
customers: HalResource = api.follow(home).to('customers').get()
customer: HalResource = (api.follow(customers).to('item')
                         .with_template_values({{'membershipId': 'A375'}}).get())
item: HalResource = customer
resource: HalResource = customers
res: HalResource = home
'''

JS_PRELUDE = f'''\
import {{ Api, FetchedResource, HalResource }} from 'halchemy'
// CommonJS as the README writes it; no @types/node here, so require is declared.
declare function require (id: 'halchemy'): typeof import('halchemy')
const url: string = {DEMO_URL!r}
async function snippet (): Promise<void> {{
  const api = new Api(url)
  const home: FetchedResource = await api.home.get()
  let customers: FetchedResource = await api.follow(home).to('customers').get()
  let customer: FetchedResource = await api.follow(customers).to('item')
    .withTemplateValues({{ membershipId: 'A375' }}).get()
  let item: HalResource = customer
  let resource: HalResource = customers
  let res: HalResource = home
  void customers, customer, item, resource, res
  {{
'''
JS_EPILOGUE = '''
  }
}
void snippet()
'''

# Snippets that type-check but cannot run against the example server (a distinctive line
# of the snippet -> why).
NO_RUN = {
    "owner = resource.embedded_one('owner')":
        "needs a resource with an embedded 'owner' (the example server embeds none)",
    "const owner = resource.embeddedOne('owner')":
        "needs a resource with an embedded 'owner' (the example server embeds none)",
    "to('child', title='orders')": "needs Eve's link arrays (child, alternate, CURIEs); "
                                   "its last line raises TypeError on purpose",
    "to('child', { title: 'orders' })": "needs Eve's link arrays (child, alternate, CURIEs); "
                                        "its last line throws TypeError on purpose",
    "https://api.example.org": "talks to https://api.example.org with a CA file and a proxy",
}



def snippets():
    """(id, language, code, first line) of each ```python / ```javascript block."""
    lines = README.read_text(encoding="utf-8").split("\n")
    found, i = [], 0
    while i < len(lines):
        m = re.match(r"^```(\w*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        lang, start = m.group(1), i + 1
        end = start
        while not lines[end].startswith("```"):
            end += 1
        prev = next((l for l in reversed(lines[:i]) if l.strip()), "")
        if lang in ("python", "javascript") and prev.strip() != SKIP_MARKER:
            found.append((f"{lang}-L{start}", lang, "\n".join(lines[start:end]) + "\n", start))
        i = end + 1
    return found


SNIPPETS = snippets()


def find(table, code):
    return next((why for key, why in table.items() if key in code), None)


@pytest.fixture(scope="session")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("readme")


@pytest.fixture(scope="session")
def mypy_results(work):
    """mypy --strict once over every Python snippet (each its own module): id -> errors."""
    d = work / "py"
    d.mkdir()
    files = {}
    for sid, lang, code, _ in SNIPPETS:
        if lang == "python":
            name = "snippet_" + sid.replace("-", "_") + ".py"
            (d / name).write_text(PY_PRELUDE + code, encoding="utf-8")
            files[sid] = name
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                        "--no-error-summary", "--hide-error-context", *files.values()],
                       cwd=d, capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stdout + r.stderr
    out = {sid: [l for l in r.stdout.splitlines() if l.startswith(name + ":")]
           for sid, name in files.items()}
    return d, files, out


def wrap_js(code):
    # A line the README marks `// TypeError` shows a misuse: tsc must refuse it too.
    body = re.sub(r"^(\s*)(.*//\s*TypeError\s*)$", r"\1// @ts-expect-error: the README's misuse\n\1\2",
                  code, flags=re.M)
    return JS_PRELUDE + body + JS_EPILOGUE


@pytest.fixture(scope="session")
def tsc_results(work):
    """tsc --strict once over every JS snippet: id -> errors; the emitted .js is run."""
    tsc = ROOT / "node_modules" / "typescript" / "bin" / "tsc"
    if not tsc.exists():
        pytest.fail("typescript is missing: run npm install --no-audit --no-fund in the repo")
    d = work / "js"
    (d / "src").mkdir(parents=True)
    files = {}
    for sid, lang, code, _ in SNIPPETS:
        if lang == "javascript":
            name = "snippet_" + sid.replace("-", "_") + ".ts"
            (d / "src" / name).write_text(wrap_js(code), encoding="utf-8")
            files[sid] = name
    (d / "tsconfig.json").write_text(json.dumps({
        "compilerOptions": {
            "strict": True, "target": "es2022", "module": "node16", "moduleResolution": "node16",
            "outDir": "out", "rootDir": "src", "types": [],
            "paths": {"halchemy": [str(ROOT / "node" / "lib" / "index.d.ts")]},
        },
        "include": ["src/*.ts"],
    }), encoding="utf-8")
    r = subprocess.run(["node", str(tsc), "-p", str(d), "--pretty", "false"],
                       cwd=d, capture_output=True, text=True)
    out = {sid: [l for l in r.stdout.splitlines() if l.startswith("src/" + name + "(")]
           for sid, name in files.items()}
    stray = [l for l in r.stdout.splitlines() if l and not l.startswith((" ", "src/"))]
    assert not stray, r.stdout + r.stderr
    # At run time `require('halchemy')` is the repo's package, through NODE_PATH.
    nm = d / "node_modules"
    nm.mkdir()
    (nm / "halchemy").symlink_to(ROOT, target_is_directory=True)
    return d, files, out


@pytest.fixture(scope="session")
def server():
    proc = subprocess.Popen([sys.executable, str(ROOT / "examples" / "server" / "server.py"),
                             "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        base = proc.stdout.readline().strip()
        assert base.startswith("http://"), base
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def reset(base):
    import urllib.request
    urllib.request.urlopen(urllib.request.Request(base + "/reset", method="POST"), timeout=10)


def params(lang):
    out = []
    for sid, l, code, _ in SNIPPETS:
        if l != lang:
            continue
        out.append(pytest.param(sid, code, id=sid))
    return out


def run_params(lang):
    out = []
    for sid, l, code, _ in SNIPPETS:
        if l != lang:
            continue
        why = find(NO_RUN, code)
        marks = [pytest.mark.skip(reason="not run: " + why)] if why else []
        out.append(pytest.param(sid, code, id=sid, marks=marks))
    return out


def test_readme_has_snippets():
    langs = [l for _, l, _, _ in SNIPPETS]
    assert langs.count("python") >= 10 and langs.count("javascript") >= 9, langs


@pytest.mark.parametrize("sid,code", params("python"))
def test_python_mypy_strict(mypy_results, sid, code):
    _, _, out = mypy_results
    assert out[sid] == [], "\n".join(out[sid]) + "\n--- snippet ---\n" + code


@pytest.mark.parametrize("sid,code", params("javascript"))
def test_javascript_tsc_strict(tsc_results, sid, code):
    _, _, out = tsc_results
    assert out[sid] == [], "\n".join(out[sid]) + "\n--- snippet ---\n" + code


@pytest.mark.parametrize("sid,code", run_params("python"))
def test_python_runs(mypy_results, server, sid, code):
    d, files, _ = mypy_results
    reset(server)
    src = (d / files[sid]).read_text(encoding="utf-8").replace(DEMO_URL, server)
    path = d / ("run_" + files[sid])
    path.write_text(src, encoding="utf-8")
    r = subprocess.run([sys.executable, str(path)], cwd=d, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("sid,code", run_params("javascript"))
def test_javascript_runs(tsc_results, server, sid, code):
    d, files, _ = tsc_results
    reset(server)
    js = d / "out" / files[sid].replace(".ts", ".js")
    assert js.exists(), "tsc emitted no JavaScript"
    run = d / ("run_" + js.name)
    run.write_text(js.read_text(encoding="utf-8").replace(DEMO_URL, server), encoding="utf-8")
    env = dict(os.environ, NODE_PATH=str(d / "node_modules"))
    r = subprocess.run(["node", str(run)], cwd=d, capture_output=True, text=True, timeout=60,
                       env=env)
    assert r.returncode == 0, r.stdout + r.stderr
