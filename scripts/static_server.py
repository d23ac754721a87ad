"""A static file server with gzip, like a real host, for benchmarks and local checks.

    python scripts/static_server.py site/ --port 8000
"""
from __future__ import annotations

import argparse
import functools
import gzip
import io
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")


class CompressingHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()  # directories without index, 404s, images: as usual
        with open(path, "rb") as source:
            body = gzip.compress(source.read(), compresslevel=9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: str, port: int = 0) -> ThreadingHTTPServer:
    """Start serving in a background thread; returns the server (see .server_address)."""
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(CompressingHandler, directory=directory))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = serve(args.directory, args.port)
    print(f"Serving {args.directory} at http://127.0.0.1:{server.server_address[1]}/ (gzip)")
    threading.Event().wait()


if __name__ == "__main__":
    main()
