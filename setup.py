"""Builds the halchemy Python package: the C core (csrc/) and its CPython glue
(python/src/) as the extension halchemy._core, plus the Python layer in python/halchemy/.
libcurl and cJSON come from the system, found with pkg-config (`make deps` installs them)."""
import glob
import json
import os
import platform
import subprocess
import sys

from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))
# The one version is package.json's (docs/decisions.md "Versions and the sdist"): the
# package's metadata and the core's HC_VERSION (hc_version(), halchemy.__version__) read it.
with open(os.path.join(HERE, "package.json"), encoding="utf-8") as f:
    VERSION = json.load(f)["version"]

# The core is every csrc/*.c (the one source list: binding.gyp reads the same directory).
CORE = sorted(glob.glob("csrc/*.c"))
GLUE = ["python/src/module.c", "python/src/api.c", "python/src/multi.c", "python/src/values.c"]


def pkg_config(flag):
    try:
        out = subprocess.run(["pkg-config", flag, "libcurl", "libcjson"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit("halchemy needs libcurl and cJSON development files and pkg-config "
                         "(on Debian/Ubuntu: apt-get install pkg-config libcurl4-openssl-dev "
                         "libcjson-dev, or run `make deps`): %s" % exc)
    return out.split()


# The stable ABI (docs/decisions.md "Wheels and the stable ABI"): built by CPython 3.10 or
# later, the glue keeps to the 3.10 limited API and the wheel is tagged cp310-abi3, one wheel
# for 3.10, 3.11, 3.12, 3.13 and later. On 3.7-3.9 the same source builds the usual way
# (a version-specific extension), from the sdist.
LIMITED_API = 0x030A0000
ABI3 = platform.python_implementation() == "CPython" and sys.version_info >= (3, 10)

cflags = pkg_config("--cflags")
core = Extension(
    "halchemy._core",
    sources=CORE + GLUE,
    include_dirs=["csrc/include", "csrc", "python/src"],
    extra_compile_args=["-std=c11", "-fvisibility=hidden", "-D_POSIX_C_SOURCE=200809L",
                        "-D_DEFAULT_SOURCE", "-Wall", "-Wextra"] + cflags,
    define_macros=[("HC_VERSION", '"%s"' % VERSION)]
    + ([("Py_LIMITED_API", "0x%08X" % LIMITED_API)] if ABI3 else []),
    py_limited_api=ABI3,
    extra_link_args=pkg_config("--libs") + ["-lpthread"],
)

setup(
    version=VERSION,
    package_dir={"": "python"},
    packages=["halchemy"],
    package_data={"halchemy": ["py.typed", "*.pyi"]},
    ext_modules=[core],
    options={"bdist_wheel": {"py_limited_api": "cp310"}} if ABI3 else {},
)
