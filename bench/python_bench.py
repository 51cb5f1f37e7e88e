"""The Python benchmark: the same walk (home -> customers -> templated item) N times with
this package, the published pure-Python halchemy, and a raw pycurl loop doing the same
work (GET, keep headers, parse JSON, take the href, expand the template). Run by hand
through bench/run.sh, which starts nginx; prints a Markdown table."""
import argparse
import importlib
import json
import sys
import time
from io import BytesIO


def walk_halchemy(mod, base, n):
    api = mod.Api(base)
    for _ in range(n):
        home = api.home.get()
        customers = api.follow(home).to("customers").get()
        item = api.follow(customers).to("item").with_template_values({"membershipId": "A375"}).get()
    assert item["membershipId"] == "A375", item


def walk_pycurl(base, n):
    import pycurl
    c = pycurl.Curl()
    headers = {}

    def on_header(line):
        line = line.decode("iso-8859-1")
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()

    c.setopt(pycurl.HEADERFUNCTION, on_header)
    c.setopt(pycurl.HTTPHEADER, ["Accept: application/hal+json, application/json;q=0.9, */*;q=0.8"])

    def get(url):
        buf = BytesIO()
        headers.clear()
        c.setopt(pycurl.URL, url)
        c.setopt(pycurl.WRITEDATA, buf)
        c.perform()
        return json.loads(buf.getvalue())

    for _ in range(n):
        home = get(base + "/")
        customers = get(base + home["_links"]["customers"]["href"])
        href = customers["_links"]["item"]["href"].replace("{membershipId}", "A375")
        item = get(base + href)
    assert item["membershipId"] == "A375", item
    c.close()


def timed(fn, *args):
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--which", default="ours,published,pycurl")
    args = ap.parse_args()
    results = {}
    for which in args.which.split(","):
        if which == "pycurl":
            fn, fargs = walk_pycurl, (args.base,)
        else:
            mod = importlib.import_module("halchemy")
            fn, fargs = walk_halchemy, (mod, args.base)
        fn(*fargs, 50)  # warm up: connections, caches
        best = min(timed(fn, *fargs, args.n) for _ in range(3))
        results[which] = args.n * 3 / best
        print(f"{which}: {results[which]:.0f} requests/s", file=sys.stderr)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
