"""Bundle the shared libraries a prebuilt addon needs beside it (tools/dist_node.sh).

python dist_node_bundle.py PATCHELF ADDON.node
python dist_node_bundle.py --whitelist      (prints the whitelisted sonames, one a line)

Walks the addon's dependency tree with auditwheel's lddtree (the walk `auditwheel repair`
does for wheels) and copies every library that is not in the manylinux policy's whitelist
(libc, libm, libpthread, libdl, librt, libgcc_s, libstdc++, libz...: what every glibc
Linux has) into the addon's folder under its soname, then sets RUNPATH $ORIGIN on the addon
and on each copied library (RUNPATH only serves an object's own DT_NEEDED, so every library
needs it for its own dependencies). Prints one line per bundled library.
"""
import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

from auditwheel.lddtree import ldd

POLICY = "manylinux_2_17"  # manylinux2014; later policies whitelist the same libraries
# glibc's dynamic loader is glibc itself (auditwheel treats it as the interpreter)
LOADERS = {"ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "ld-linux.so.2", "ld-linux-armhf.so.3"}


def whitelist():
    text = resources.files("auditwheel.policy").joinpath("manylinux-policy.json").read_text()
    for policy in json.loads(text):
        if policy["name"] == POLICY:
            return frozenset(policy["lib_whitelist"]) | LOADERS
    raise SystemExit(f"auditwheel has no {POLICY} policy")


def external_libraries(addon, allowed):
    """soname -> real path of every library the addon loads, directly or not, that is not
    whitelisted (a whitelisted library's own dependencies are the system's business)."""
    tree = ldd(Path(addon))
    found, todo = {}, list(tree.needed)
    while todo:
        soname = todo.pop()
        if soname in allowed or soname in found:
            continue
        lib = tree.libraries.get(soname)
        if lib is None or lib.realpath is None:
            raise SystemExit(f"{addon} needs {soname}, which was not found on this system")
        found[soname] = lib.realpath
        todo.extend(lib.needed)
    return found


def main():
    if sys.argv[1] == "--whitelist":
        print("\n".join(sorted(whitelist())))
        return
    patchelf, addon = sys.argv[1], Path(sys.argv[2])
    folder = addon.parent
    libs = external_libraries(addon, whitelist())
    for soname, real in sorted(libs.items()):
        dest = folder / soname
        shutil.copyfile(real, dest)
        dest.chmod(0o755)
        subprocess.run([patchelf, "--set-rpath", "$ORIGIN", str(dest)], check=True)
        print(f"  bundled {soname} <- {real} ({dest.stat().st_size // 1024} KiB)")
    subprocess.run([patchelf, "--set-rpath", "$ORIGIN", str(addon)], check=True)


if __name__ == "__main__":
    main()
