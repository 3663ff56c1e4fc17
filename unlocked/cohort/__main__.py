"""Command line: ``python -m unlocked.cohort [--seed N] [--out DIR]``."""

from __future__ import annotations

import argparse
import time

from .generator import DEFAULT_OUT, generate
from .model import DEFAULT_SEED


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m unlocked.cohort",
        description="Generate the cohort of synthetic, fictional phones used in notebook 06.",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", default=None, help=f"output folder (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    if args.seed < 0:
        parser.error("the seed must be 0 or more")
    started = time.perf_counter()
    try:
        out = generate(args.out, seed=args.seed)
    except FileExistsError as problem:
        parser.error(str(problem))
    files = [p for p in out.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    print(f"Wrote {len(files)} files ({total / 1024:.0f} KB) to {out} "
          f"with seed {args.seed} in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
