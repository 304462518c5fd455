"""`python -m newsfeeds.demo2 [--host H] [--port P]`: serve the Lakeside Courier until Ctrl-C/SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from newsfeeds.demo2.server import CourierServer


def main(argv: list[str] | None = None) -> int:
    """Serve in the foreground; prints the URL once listening."""
    parser = argparse.ArgumentParser(prog="python -m newsfeeds.demo2", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args(argv)
    try:
        server = CourierServer(args.host, args.port)
    except OSError as error:
        print(f"Cannot listen on {args.host}:{args.port}: {error.strerror}. Pick another --port.", file=sys.stderr)
        return 1
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with server:
        print(f"Lakeside Courier: {server.url}", flush=True)
        print(f"Crawl it: scrapy crawl site -a profile=sites/EXAMPLE.toml -a site_url={server.url}", flush=True)
        while not stopping.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
