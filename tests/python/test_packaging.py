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
