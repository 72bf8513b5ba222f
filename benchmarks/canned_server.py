"""The client benchmark's server: ``python canned_server.py PAGE.json``.

A tiny threaded stdlib HTTP/1.1 server on 127.0.0.1 (an ephemeral port,
printed on the first line of stdout) that answers every GET with the canned
page. Bounded: at most LIMIT requests are served (then 410 Gone, which no
client retries) and it shuts itself down after LIFETIME seconds.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

LIMIT = 30_000
LIFETIME = 600.0


def main(page_file: str) -> None:
    body = Path(page_file).read_bytes()
    lock = threading.Lock()
    count = [0]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes

        def do_GET(self) -> None:  # http.server's naming
            with lock:
                count[0] += 1
                over = count[0] > LIMIT
            payload = b'{"error": "request budget exhausted"}' if over else body
            self.send_response(410 if over else 200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Timer(LIFETIME, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
