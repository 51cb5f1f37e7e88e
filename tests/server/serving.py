"""The end of every threaded test server script here (proxy.py, tls_server.py): print the
base URL as the first line of stdout (tests/server/CONTRACT.md), then serve until SIGTERM
or Ctrl-C, and close the listening socket."""
import signal
import sys


def serve_until_stopped(server, base_url):
    """Serves `server` (a socketserver.BaseServer) after printing `base_url`; returns once
    SIGTERM or SIGINT arrives, with the socket closed."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(base_url, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
