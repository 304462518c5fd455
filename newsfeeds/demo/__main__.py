"""Command line for the demo site: `serve` runs it until SIGTERM or Ctrl-C; `run` serves it, crawls it
with the indiablooms spider into feeds/, prints a summary and stops (what `make demo` does)."""

from __future__ import annotations

import argparse
import errno
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from newsfeeds.demo.server import DemoServer

DEFAULT_PORT = 8765


def _parser() -> argparse.ArgumentParser:
    """Describe the CLI so --help documents it."""
    parser = argparse.ArgumentParser(prog="python -m newsfeeds.demo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the demo site until SIGTERM/SIGINT")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port to bind; a free one is used if it is busy (default: %(default)s)"
    )
    serve.add_argument("--url-file", type=Path, help="write the site's URL to this file once listening")
    demo = commands.add_parser("run", help="serve the site, crawl it into feeds, print a summary, stop")
    demo.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    demo.add_argument("--port", type=int, default=DEFAULT_PORT,
                      help="port to bind; keep it stable so re-runs recognize the same articles (default: %(default)s)")
    demo.add_argument("--data", type=Path, default=Path("data/demo"), help="store, log and report (default: %(default)s)")
    demo.add_argument("--feeds", type=Path, default=Path("feeds"), help="feed output directory (default: %(default)s)")
    demo.add_argument("--base-url", default="http://localhost:8000/", help="where the feeds will be served")
    return parser


def _bind(host: str, port: int) -> DemoServer:
    """Bind the requested port, falling back to a free one when it is already taken."""
    try:
        return DemoServer(host, port)
    except OSError as error:
        if port == 0 or error.errno != errno.EADDRINUSE:
            raise
    server = DemoServer(host, 0)
    print(f"Port {port} on {host} is busy; using free port {server.port} instead.", file=sys.stderr, flush=True)
    return server


def serve(host: str, port: int, url_file: Path | None) -> int:
    """Run the site in the foreground until a termination signal arrives."""
    try:
        server = _bind(host, port)
    except OSError as error:
        print(f"Cannot listen on {host}:{port}: {error.strerror}. Pick another --host/--port.", file=sys.stderr)
        return 1
    stopping = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    with server:
        print(f"Demo site: {server.url}", flush=True)
        if url_file is not None:
            url_file.parent.mkdir(parents=True, exist_ok=True)
            url_file.write_text(server.url + "\n", encoding="utf-8")
        while not stopping.wait(0.5):
            pass
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    args = _parser().parse_args(argv)
    if args.command == "run":
        from newsfeeds.demo.run import run

        try:
            server = _bind(args.host, args.port)
        except OSError as error:
            print(f"Cannot listen on {args.host}:{args.port}: {error.strerror}. Pick another --port.", file=sys.stderr)
            return 1
        with server:
            return run(server, args.data, args.feeds, args.base_url)
    return serve(args.host, args.port, args.url_file)


if __name__ == "__main__":
    sys.exit(main())
