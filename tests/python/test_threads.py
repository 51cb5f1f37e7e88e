"""SPEC §3: one Api shared by many threads, and the GIL released for the whole transfer."""
import json
import threading
import time

import pytest

import halchemy


def run_threads(count, target):
    errors = []

    def guarded(n):
        try:
            target(n)
        except BaseException as exc:  # collected and reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread is still running"
    return errors


@pytest.mark.usefixtures("reset")
def test_one_api_from_eight_threads_fifty_requests_each(api):
    results = [[] for _ in range(8)]

    def worker(n):
        for i in range(50):
            if i % 2:
                customer = api.using_endpoint("/customers/{id}").with_template_values({"id": "A375"}).get()
                assert customer["membershipId"] == "A375"
                results[n].append(customer._halchemy.response.status_code)
            else:
                echo = (api.using_endpoint("/echo/{n}").with_template_values({"n": n})
                        .with_parameters({"i": i}).with_headers({"X-Thread": str(n)}).post({"n": n, "i": i}))
                assert echo["path"] == f"/echo/{n}"
                assert echo["query"] == f"i={i}"
                assert json.loads(echo["body"]) == {"n": n, "i": i}
                assert {k.lower(): v for k, v in echo["headers"].items()}["x-thread"] == str(n)
                results[n].append(echo._halchemy.response.status_code)

    assert run_threads(8, worker) == []
    assert [len(r) for r in results] == [50] * 8
    assert all(code == 200 for r in results for code in r)


def test_the_gil_is_released_while_a_request_waits(api):
    done = threading.Event()
    outcome = {}

    def slow_request():
        try:
            outcome["status"] = api.using_endpoint("/slow/1").get()._halchemy.response.status_code
        finally:
            done.set()

    started = time.monotonic()
    worker = threading.Thread(target=slow_request)
    worker.start()
    counted = 0
    while not done.is_set():
        counted += 1
    elapsed = time.monotonic() - started
    worker.join()

    assert outcome["status"] == 200
    assert elapsed >= 0.9
    # Holding the GIL for the second of waiting would leave this loop almost no turns.
    assert counted > 100_000


def test_slow_requests_in_threads_overlap(api):
    started = time.monotonic()
    statuses = []
    errors = run_threads(8, lambda n: statuses.append(api.using_endpoint("/slow/0.5").get()._halchemy.response.status_code))
    elapsed = time.monotonic() - started
    assert errors == []
    assert statuses == [200] * 8
    assert elapsed < 2.5  # one after another would take 4 s


def test_each_thread_gets_its_own_error(api, refused_url):
    def worker(n):
        if n % 2:
            with pytest.raises(halchemy.NetworkError):
                api.using_endpoint(refused_url).get()
        else:
            assert api.using_endpoint("/status/404").get()._halchemy.response.status_code == 404
            assert api.using_endpoint("/echo").get()._halchemy.error is None

    assert run_threads(8, worker) == []


def test_settings_changed_while_requests_run(api):
    stop = threading.Event()

    def change():
        while not stop.is_set():
            api.add_headers({"X-Flip": "1"})
            api.remove_headers(["X-Flip"])
            api.parameters_list_style = "comma"
            api.parameters_list_style = "repeat_key"

    changer = threading.Thread(target=change)
    changer.start()
    queries = []
    try:
        for _ in range(50):
            queries.append(api.using_endpoint("/echo").with_parameters({"l": ["a", "b"]}).get()["query"])
    finally:
        stop.set()
        changer.join()
    assert set(queries) <= {"l=a&l=b", "l=a,b"}
    assert api.using_endpoint("/echo").get()._halchemy.response.status_code == 200


def test_many_apis_in_many_threads(base):
    def worker(n):
        api = halchemy.Api(base, {"X-Api": str(n)})
        for _ in range(20):
            echo = api.using_endpoint("/echo").get()
            assert {k.lower(): v for k, v in echo["headers"].items()}["x-api"] == str(n)

    assert run_threads(8, worker) == []
