"""Checks that the core's files do not call each other in a circle (issue 10, item 7).

Reads the symbols each object file of the core defines and uses (`nm`), draws an edge from
a file to every file whose functions it calls, and fails naming a cycle if there is one.
Usage: python3 tests/c/layers.py build-c/*.o
"""
import subprocess
import sys
from pathlib import Path


def symbols(obj):
    out = subprocess.run(["nm", obj], check=True, capture_output=True, text=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDBR":
            defined.add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            used.add(parts[1])
    return defined, used


def main(objs):
    defs, uses = {}, {}
    for o in objs:
        name = Path(o).stem
        defs[name], uses[name] = symbols(o)
    owner = {s: f for f, ss in defs.items() for s in ss}
    graph = {f: sorted({owner[s] for s in uses[f] if s in owner} - {f}) for f in defs}
    state = {}

    def visit(f, path):
        state[f] = "open"
        for g in graph[f]:
            if state.get(g) == "open":
                return path[path.index(g):] + [g] if g in path else path + [g]
            if g not in state:
                cycle = visit(g, path + [g])
                if cycle:
                    return cycle
        state[f] = "done"
        return None

    for f in sorted(graph):
        if f not in state:
            cycle = visit(f, [f])
            if cycle:
                print("layers: the core's files call each other in a circle: " + " -> ".join(cycle))
                return 1
    print("layers: %d files, no circle (%s)" % (
        len(graph), "; ".join("%s -> %s" % (f, ",".join(g)) for f, g in sorted(graph.items()) if g)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
