"""One Api shared by many threads, and the GIL released while a transfer runs."""
import threading
import time

import halchemy


def test_one_api_from_eight_threads(api):
    results, errors = [], []

    def worker(n):
        try:
            for i in range(50):
                customer = api.using_endpoint("/customers/{id}").with_template_values({"id": "A375"}).get()
                results.append(customer["membershipId"])
                echo = api.using_endpoint("/echo").with_parameters({"t": n, "i": i}).get()
                assert echo["query"] == f"t={n}&i={i}"
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == ["A375"] * 400


def test_gil_is_released_during_a_transfer(api):
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    counter = threading.Thread(target=count)
    counter.start()
    api.using_endpoint("/slow/0.5").get()
    stop.set()
    counter.join()
    assert len(ticks) > 100  # the counter ran while the request waited


def test_settings_changed_while_requests_run(api, base):
    stop = threading.Event()
    errors = []

    def change():
        while not stop.is_set():
            api.add_headers({"X-Flip": "1"})
            api.remove_headers(["X-Flip"])
            api.parameters_list_style = "comma"
            api.parameters_list_style = "repeat_key"

    t = threading.Thread(target=change)
    t.start()
    try:
        for _ in range(200):
            echo = api.using_endpoint("/echo").with_parameters({"l": ["a", "b"]}).get()
            if echo["query"] not in ("l=a&l=b", "l=a,b"):
                errors.append(echo["query"])
    finally:
        stop.set()
        t.join()
    assert errors == []
