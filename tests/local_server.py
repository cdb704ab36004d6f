"""An HTTP server on 127.0.0.1 for one ``with`` block: the base of every fake outside service in the tests.

Houston (houston_server.py), GitHub (fake_github.py) and the one-off servers of single tests all
start on a free port, serve from a daemon thread and stop the same way, so they share this class.
"""

import threading
from http.server import ThreadingHTTPServer


class ThreadedServer:
    """Serve ``handler`` on 127.0.0.1 (a free port) from a daemon thread between ``__enter__`` and ``__exit__``."""

    path = "/v1"

    def __init__(self, handler):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def port(self):
        return self.httpd.server_address[1]

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}{self.path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
