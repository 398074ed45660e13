"""Run every benchmark in turn: accuracy, then speed (``--quick``: 200 Reuters articles)."""

from __future__ import annotations

import argparse
import sys

import accuracy
import speed


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; extra options go to both."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="speed on 200 Reuters articles")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    extra = ["--json"] if args.json else []
    print("== accuracy ==", flush=True)
    rc = accuracy.main(extra)
    print("== speed ==", flush=True)
    rc |= speed.main([*extra, "--reuters", "200" if args.quick else "2000"])
    return rc


if __name__ == "__main__":
    sys.exit(main())
