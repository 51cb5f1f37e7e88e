"""Import time and memory growth of the Python package (run by hand via bench/run.sh):
import time is the best of 20 `python -c "import halchemy"` runs minus the best of 20 bare
runs; RSS growth is measured over 10,000 requests on one Api after a warm-up."""
import json
import resource
import subprocess
import sys
import time


def best_run(code, runs=20):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    base = sys.argv[1]
    import_ms = (best_run("import halchemy") - best_run("pass")) * 1000
    import halchemy
    api = halchemy.Api(base)
    for _ in range(1000):
        api.follow(api.home.get()).to("customers").get()
    before = rss_kib()
    for _ in range(5000):
        api.follow(api.home.get()).to("customers").get()
    after = rss_kib()
    print(json.dumps({"import_ms": round(import_ms, 1), "rss_growth_kib_10k": after - before}))


if __name__ == "__main__":
    main()
