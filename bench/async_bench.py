"""The asyncio benchmark (SPEC §14), run by hand, not a test: the walk of
bench/python_bench.py (home -> customers -> templated item) with 50 walks in flight at once,
by AsyncApi, aiohttp (one ClientSession, keep-alive) and httpx.AsyncClient doing the same
work (GET, parse JSON, take the href, expand the template), our blocking Api through
asyncio.to_thread (a 50-thread default executor, so 50 are really in flight), and our Node
package at 50 in flight (bench/async_node.js), all against one nginx serving bench/data.

    .venv/bin/pip install aiohttp httpx uvloop && npm install
    .venv/bin/python bench/async_bench.py            # starts nginx itself, as bench/run.sh
    .venv/bin/python bench/async_bench.py http://127.0.0.1:8089   # an nginx already running

Prints a Markdown table: requests/s and CPU time per request (the whole process's user +
system time, all threads, divided by requests), best of ROUNDS rounds, contenders
alternating within each round."""
import argparse
import asyncio
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ACCEPT = "application/hal+json, application/json;q=0.9, */*;q=0.8"


async def concurrently(walk, n, in_flight):
    left = [n]

    async def worker():
        while left[0] > 0:
            left[0] -= 1
            await walk()
    await asyncio.gather(*(worker() for _ in range(in_flight)))


# ---- the contenders: each returns (setup coroutine -> walk coroutine function, teardown) ----

async def make_halchemy(base):
    import halchemy
    api = halchemy.AsyncApi(base)

    async def walk():
        home = await api.home.get()
        customers = await api.follow(home).to("customers").get()
        item = await api.follow(customers).to("item").with_template_values({"membershipId": "A375"}).get()
        assert item["membershipId"] == "A375"
    return walk, api.close


async def make_aiohttp(base):
    import aiohttp
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64),
                                    headers={"Accept": ACCEPT})

    async def get(url):
        async with session.get(url) as resp:
            return json.loads(await resp.read())

    async def walk():
        home = await get(base + "/")
        customers = await get(base + home["_links"]["customers"]["href"])
        item = await get(base + customers["_links"]["item"]["href"].replace("{membershipId}", "A375"))
        assert item["membershipId"] == "A375"
    return walk, session.close


async def make_httpx(base):
    import httpx
    client = httpx.AsyncClient(headers={"Accept": ACCEPT},
                               limits=httpx.Limits(max_connections=64, max_keepalive_connections=64))

    async def get(url):
        return json.loads((await client.get(url)).content)

    async def walk():
        home = await get(base + "/")
        customers = await get(base + home["_links"]["customers"]["href"])
        item = await get(base + customers["_links"]["item"]["href"].replace("{membershipId}", "A375"))
        assert item["membershipId"] == "A375"
    return walk, client.aclose


async def make_to_thread(base):
    import halchemy
    api = halchemy.Api(base)
    loop = asyncio.get_running_loop()
    loop.set_default_executor(concurrent.futures.ThreadPoolExecutor(50))

    def walk_sync():
        home = api.home.get()
        customers = api.follow(home).to("customers").get()
        item = api.follow(customers).to("item").with_template_values({"membershipId": "A375"}).get()
        assert item["membershipId"] == "A375"

    async def walk():
        await asyncio.to_thread(walk_sync)
    return walk, api.close


CONTENDERS = {"halchemy": make_halchemy, "aiohttp": make_aiohttp, "httpx": make_httpx,
              "to_thread": make_to_thread}


def measure(name, base, n, in_flight, loop_factory):
    """One contender on a fresh loop: warm up, then n walks; (requests/s, CPU µs/request)."""
    async def main():
        walk, close = await CONTENDERS[name](base)
        await concurrently(walk, 100, in_flight)  # connections, caches
        cpu, wall = time.process_time(), time.perf_counter()
        await concurrently(walk, n, in_flight)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        result = close()
        if asyncio.iscoroutine(result):
            await result
        return n * 3 / wall, cpu / (n * 3) * 1e6
    loop = loop_factory()
    try:
        return loop.run_until_complete(main())
    finally:
        loop.close()


def node_figure(base, n, in_flight):
    script = os.path.join(HERE, "async_node.js")
    if not shutil.which("node") or not os.path.exists(os.path.join(ROOT, "build", "Release", "halchemy.node")):
        return None
    out = subprocess.run(["node", script, base, str(n), str(in_flight)], check=True,
                         capture_output=True, text=True).stdout
    r = json.loads(out)
    return r["rps"], r["cpu_us"]


def start_nginx(port):
    run = tempfile.mkdtemp()
    with open(os.path.join(HERE, "nginx.conf")) as f:
        conf = f.read().replace("@RUNDIR@", run).replace("@DATA@", os.path.join(HERE, "data")) \
            .replace("@PORT@", str(port))
    with open(os.path.join(run, "nginx.conf"), "w") as f:
        f.write(conf)
    cmd = ["nginx", "-c", os.path.join(run, "nginx.conf"), "-p", run]
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:  # as bench/run.sh: its own CPU
        cmd = ["taskset", "-c", str(os.cpu_count() - 1)] + cmd
    proc = subprocess.Popen(cmd)
    time.sleep(0.5)
    return proc, run


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base", nargs="?")
    ap.add_argument("-n", type=int, default=int(os.environ.get("N", 2000)), help="walks per run")
    ap.add_argument("--in-flight", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", 3)))
    ap.add_argument("--which", default="halchemy,halchemy-uvloop,aiohttp,httpx,to_thread,node")
    args = ap.parse_args()
    nginx = None
    base = args.base
    if base is None:
        port = int(os.environ.get("PORT", 8089))
        nginx = start_nginx(port)
        base = f"http://127.0.0.1:{port}"
    try:
        best = {}
        for _ in range(args.rounds):
            for which in args.which.split(","):
                if which == "node":
                    r = node_figure(base, args.n, args.in_flight)
                    if r is None:
                        continue
                elif which == "halchemy-uvloop":
                    try:
                        import uvloop
                    except ImportError:
                        continue
                    r = measure("halchemy", base, args.n, args.in_flight, uvloop.new_event_loop)
                else:
                    r = measure(which, base, args.n, args.in_flight, asyncio.new_event_loop)
                print(f"{which}: {r[0]:,.0f} req/s, {r[1]:.0f} µs CPU/request", file=sys.stderr)
                if which not in best or r[0] > best[which][0]:
                    best[which] = r
    finally:
        if nginx:
            nginx[0].terminate()
            nginx[0].wait()
            shutil.rmtree(nginx[1], ignore_errors=True)
    ours = best.get("halchemy", (0, 0))[0]
    print(f"| walk, {args.in_flight} in flight (best of {args.rounds}) | requests/s | CPU µs/request | AsyncApi is |")
    print("|---|---:|---:|---:|")
    names = {"halchemy": "halchemy AsyncApi (asyncio loop)", "halchemy-uvloop": "halchemy AsyncApi (uvloop)",
             "aiohttp": "aiohttp ClientSession (keep-alive)", "httpx": "httpx.AsyncClient",
             "to_thread": "halchemy Api via asyncio.to_thread (50 threads)", "node": "halchemy Node package"}
    for which, (rps, cpu) in best.items():
        print(f"| {names[which]} | {rps:,.0f} | {cpu:.0f} | {ours / rps:.2f}x |")
    print(json.dumps({k: {"rps": round(v[0]), "cpu_us": round(v[1], 1)} for k, v in best.items()}),
          file=sys.stderr)


if __name__ == "__main__":
    main()
