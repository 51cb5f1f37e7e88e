"""Issue 11: the sdist builds. `setup.py sdist` (no compile) must carry everything setup.py's
build compiles or includes: every csrc/*.c and header, the CPython glue in python/src/,
package.json (the one version), and nothing generated."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tarfile

from conftest import ROOT


def repo_files(*patterns):
    return {os.path.relpath(p, ROOT) for pattern in patterns
            for p in glob.glob(os.path.join(ROOT, pattern))}


def test_sdist_holds_what_the_build_needs(tmp_path):
    # From a clean copy: a *.egg-info/SOURCES.txt left by an earlier build in the checkout
    # would otherwise put the files in whatever MANIFEST.in says.
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "build", "build-c", "dist", "*.egg-info", "__pycache__",
        ".pytest_cache", "bench", "tests", "examples"))
    out = tmp_path / "dist"
    r = subprocess.run([sys.executable, "setup.py", "-q", "sdist", "-d", str(out)],
                       cwd=src, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    [tarball] = list(out.glob("halchemy-*.tar.gz"))
    with open(os.path.join(ROOT, "package.json"), encoding="utf-8") as f:
        version = json.load(f)["version"]
    assert tarball.name == "halchemy-%s.tar.gz" % version
    with tarfile.open(tarball) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    needed = repo_files("csrc/*.c", "csrc/*.h", "csrc/include/*.h", "python/src/*",
                        "python/halchemy/*.py", "python/halchemy/*.pyi", "python/halchemy/py.typed")
    needed |= {"setup.py", "pyproject.toml", "package.json", "README.md"}
    assert len(needed) > 30  # the globs found the sources
    missing = needed - names
    assert not missing, "the sdist leaves out %s" % sorted(missing)
    generated = [n for n in names if n.endswith((".o", ".so", ".a", ".pyc", ".node"))
                 or n.startswith(("build/", "build-c/", "node_modules/"))]
    assert not generated, "the sdist carries build output: %s" % generated


# Issue 11, the stable ABI (docs/decisions.md "Wheels and the stable ABI"): built by CPython
# >= 3.10, the glue is compiled with Py_LIMITED_API=0x030A0000 and the wheel tagged
# cp310-abi3; on 3.7-3.9 the same source builds the usual way. setup.py's choice is read by
# running it with setuptools.setup replaced (nothing is compiled), as if on 3.9 and as is.
SETUP_ARGS = r"""
import json, sys, setuptools
if sys.argv[1] == "3.9":
    sys.version_info = (3, 9, 18, "final", 0)
def setup(**kw):
    [ext] = kw["ext_modules"]
    print(json.dumps({"options": kw.get("options", {}), "py_limited_api": ext.py_limited_api,
                      "macros": dict(ext.define_macros)}))
setuptools.setup = setup
sys.argv = ["setup.py"]
exec(compile(open("setup.py").read(), "setup.py", "exec"), {"__name__": "__main__", "__file__": "setup.py"})
"""


def setup_args(as_version):
    r = subprocess.run([sys.executable, "-c", SETUP_ARGS, as_version], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_setup_builds_abi3_from_python_3_10():
    if sys.version_info >= (3, 10):
        args = setup_args("as is")
        assert args["options"] == {"bdist_wheel": {"py_limited_api": "cp310"}}
        assert args["py_limited_api"] is True
        assert args["macros"]["Py_LIMITED_API"] == "0x030A0000"
    older = setup_args("3.9")
    assert older["options"] == {}
    assert older["py_limited_api"] is False
    assert "Py_LIMITED_API" not in older["macros"]


def test_installed_extension_is_abi3_from_python_3_10():
    # The extension this suite runs against was built by setup.py for this interpreter.
    import halchemy._core
    name = os.path.basename(halchemy._core.__file__)
    if sys.version_info >= (3, 10):
        assert name == "_core.abi3.so", name
    else:
        assert ".abi3." not in name, name
