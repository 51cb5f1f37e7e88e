"""The demo's customers API (`make demo`): python3 examples/server/server.py [--port 2112].
Prints its base URL on the first line, then serves on 127.0.0.1 until stopped."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from customers import CustomersHandler, serve  # noqa: E402

if __name__ == "__main__":
    serve(CustomersHandler, 2112)
