"""Start the Eve app on 127.0.0.1 (a free port), print its base URL as the first line of
stdout once it answers, serve until SIGTERM (tests/interop/CONTRACT.md).

waitress serves it: threaded, HTTP/1.1 keep-alive (werkzeug's development server closes
every connection)."""
import logging
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import waitress  # noqa: E402

from app import create_app  # noqa: E402


class Serialized:
    """mongomock is not made for concurrent use: one request at a time reaches the app.
    Connections stay concurrent and keep-alive; only the app's work is serialized."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            result = self.wsgi_app(environ, start_response)
            try:
                return [b"".join(result)]  # read the whole body while holding the lock
            finally:
                if hasattr(result, "close"):
                    result.close()


def main():
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    app = create_app()
    server = waitress.create_server(Serialized(app), host="127.0.0.1", port=0, threads=8,
                                    ident="eve-interop")

    def stop(signum, frame):
        raise SystemExit(0)  # waitress's loop catches it and shuts its workers down

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # the socket is listening already: a client may connect as soon as it reads the line
    sys.stdout.write(f"http://127.0.0.1:{server.effective_port}\n")
    sys.stdout.flush()
    server.run()


if __name__ == "__main__":
    main()
