#!/usr/bin/env python3
"""Seeds for the fuzz targets (tests/fuzz/fuzz_<target>.c), taken from tests/vectors/.

Usage: seeds.py OUTDIR  -- writes OUTDIR/<target>/<n> files in each harness's input format
(fields separated by NUL bytes; see the comment at the top of each harness). Run at build
time by `make fuzz` / `make test-fuzz-seeds`; nothing it writes is committed."""
import glob
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
VEC = os.path.join(ROOT, "tests", "vectors")


def load(name):
    with open(os.path.join(VEC, name), encoding="utf-8") as f:
        return json.load(f)["cases"]


def j(v):
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def b(s):
    return s.encode("utf-8") if isinstance(s, str) else s


def fields(*parts):
    return b"\0".join(b("" if p is None else p) for p in parts)


def main(out):
    seeds = {t: set() for t in ("uritemplate", "query", "url", "headers", "status", "hal", "ini", "json",
                                "jsonbody")}
    jsons = set()

    for c in load("uritemplate_spec.json"):
        seeds["uritemplate"].add(fields(c["template"], j(c.get("values", {}))))
        jsons.add(j(c.get("values", {})))
    for path in sorted(glob.glob(os.path.join(VEC, "uritemplate", "*.json"))):
        with open(path, encoding="utf-8") as f:
            groups = json.load(f)
        for g in groups.values():
            values = j(g.get("variables", {}))
            jsons.add(values)
            for case in g.get("testcases", []):
                seeds["uritemplate"].add(fields(case[0], values))

    styles = ["repeat_key", "bracket", "index", "comma", "pipe"]
    for c in load("query.json"):
        p = j(c.get("params", {}))
        jsons.add(p)
        seeds["query"].add(bytes([2 | styles.index(c["style"]) << 5 if c.get("style") in styles[:4] else 0])
                           + fields(p, None, c.get("url", "/test"), ""))
    for c in load("bodies.json"):
        ct = c.get("content_type")
        seeds["query"].add(bytes([1 if ct is not None else 0]) + fields(j(c["data"]), ct or "", "http://h/x#f", "a=1"))
        jsons.add(j(c["data"]))

    for c in load("url_join.json"):
        seeds["url"].add(fields(c["base"], c.get("document") or "", c["href"]))
    for c in load("uri_reference.json"):
        seeds["url"].add(fields("http://example.org/api/", "http://example.org/api/x", c["href"]))

    # headers: op byte, name (length byte + bytes), value (length byte + bytes)
    def name(s):
        s = b(s)[:63]
        return bytes([len(s)]) + s

    def val(s):
        s = b(s)[:255]
        return bytes([len(s)]) + s

    for c in load("headers.json"):
        ops = b""
        for op in c.get("ops", []):
            if op[0] == "remove":
                ops += bytes([2]) + name(op[1])
            elif isinstance(op[2], str):
                ops += bytes([0]) + name(op[1]) + val(op[2])
        if c.get("expected"):
            m = b(j(c["expected"]))[:65535]
            ops += bytes([4, len(m) >> 8, len(m) & 255]) + m + bytes([5, 6, 3]) + name("accept")
        seeds["headers"].add(ops)

    for c in load("status_codes.json"):
        st = (c.get("raises") or c.get("passes") or [404])[0]
        seeds["status"].add(fields(c["spec"], "GET", "http://h/x", "Not Found") + b"\0" + bytes([st >> 8, st & 255]))

    for c in load("hal.json"):
        res = c.get("resource", {"_links": c["links"]} if "links" in c else {})
        crit = j(c["criteria"]) if c.get("criteria") is not None else ""
        rel = c.get("rel") or c.get("field") or "self"
        expect = {"one": 1, "many": 2}.get(c.get("expect"), 0)
        seeds["hal"].add(bytes([expect]) + fields(j(res), rel, crit))
        jsons.add(j(res))
    for c in load("if_match.json"):
        src = c.get("etag_source") or j({"_etag": c.get("etag_value")})
        seeds["hal"].add(bytes([8]) + fields(src, "_etag", "", c["method"], c["link_href"], c.get("self_href") or "",
                                             c.get("etag_header") or "", c.get("etag_value") or ""))

    for c in load("config.json"):
        if "ini" in c:
            seeds["ini"].add(b(c["ini"]))

    # SPEC §9 bodies: [flags: 1 = a Content-Type] content-type NUL body (the body may hold NUL)
    if os.path.exists(os.path.join(VEC, "json_bodies.json")):
        for c in load("json_bodies.json"):
            if "body" in c:
                body = b(c["body"])
            elif "hex" in c:
                body = bytes.fromhex(c["hex"])
            elif "nest" in c:
                n = c["nest"]
                body = b(n.get("prefix", "") + n["open"] * n["count"] + n.get("inner", "") +
                         n.get("close", "") * n["count"] + n.get("suffix", ""))
            else:
                continue
            ct = c.get("content_type")
            seeds["jsonbody"].add((bytes([1]) + b(ct) + b"\0" if ct is not None else b"\0") + body)
            if b"\0" not in body:
                seeds["json"].add(b"\0" + body)
    for depth in (999, 1000, 1001):  # the nesting limit, both sides
        nest = b"[" * depth + b"]" * depth
        seeds["jsonbody"].add(b"\0" + nest)
        seeds["json"].add(b"\0" + nest)
        seeds["jsonbody"].add(b"\0\xef\xbb\xbf " + b"{\"a\":" * (depth - 1) + b"{}" + b"}" * (depth - 1))

    for t in jsons:
        seeds["json"].add(b"\0" + b(t))
        seeds["json"].add(b"\1" + b(t))

    for target, inputs in seeds.items():
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for i, data in enumerate(sorted(inputs)):
            with open(os.path.join(d, "%04d" % i), "wb") as f:
                f.write(data[:65536])
        print("seeds: %-12s %d" % (target, len(inputs)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
