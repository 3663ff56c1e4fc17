"""Command line: ``python -m unlocked.cohort [--seed N] [--out DIR | --into-module-data]``.

Without ``--out`` the cohort goes to a new folder, ``cohort-seed-N``, in the current
folder: a user's run never touches the module's shipped ``data/cohort``. Only
``make cohort`` passes ``--into-module-data`` to regenerate that copy. Every
failure is one message and exit status 2.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..evidence.generator import MAX_SEED, check_seed
from ..safety import RefusedError, cli_error, explain_os_error
from .generator import DEFAULT_OUT, generate, new_folder_name
from .model import DEFAULT_SEED

PROG = "python -m unlocked.cohort"


def _seed(text: str) -> int:
    """argparse type: a seed from the command line, or a one-line reason it is not one."""
    try:
        return check_seed(int(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"the seed must be a whole number from 0 to {MAX_SEED}, not {text[:40]!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Generate the cohort of synthetic, fictional phones used in notebook 06.")
    parser.add_argument("--seed", type=_seed, default=DEFAULT_SEED,
                        help=f"random seed, a whole number from 0 to {MAX_SEED} (default {DEFAULT_SEED})")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--out", default=None,
                       help="output folder: new, empty, or made by an earlier run (default: a new "
                            "folder cohort-seed-N here)")
    where.add_argument("--into-module-data", action="store_true",
                       help=f"replace the module's shipped copy, {DEFAULT_OUT} (for authors: make cohort)")
    args = parser.parse_args(argv)
    if args.into_module_data:
        out = DEFAULT_OUT
    elif args.out is not None:
        if not args.out.strip():
            cli_error("--out needs a folder name.", PROG)
        out = Path(args.out)
    else:
        out = new_folder_name(args.seed)
    started = time.perf_counter()
    try:
        out = generate(out, seed=args.seed, into_module_data=args.into_module_data)
    except RefusedError as refusal:
        cli_error(str(refusal), PROG)
    except OSError as error:
        cli_error(explain_os_error(error, f"write the cohort into {out}"), PROG)
    files = [p for p in out.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    print(f"Wrote {len(files)} files ({total / 1024:.0f} KB) to {out} "
          f"with seed {args.seed} in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
