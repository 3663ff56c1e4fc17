"""Write files without ever losing one, and explain failures in one sentence.

Every helper that writes a file (exports, the evidence generator, the collector)
uses :func:`atomic_write`: the new content goes to a temporary file in the same
folder and is renamed over the target only when it is complete. A full disk, a
missing permission or a crash therefore leaves the earlier file as it was, never
half-written.

Messages a user can reach are built here too, so they read the same everywhere:

* :func:`explain_os_error` turns an ``OSError`` (disk full, no permission,
  read-only disk, ...) into one sentence that says what happened and what to do;
* :func:`cli_error` prints one message and exits with status 2, the convention
  for "the command was used wrongly" in command-line tools.

:class:`GeneratedFolder` is the one place where a seeded generator (the evidence
of notebook 02, the cohort of notebook 06) replaces a folder: only one it made
itself, built beside it and swapped in whole, never in the module's ``data/``
unless asked; and its command line (``--seed``, ``--out``, ``--into-module-data``).
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from . import paths

#: Labels in front of messages. Words, not emoji: emoji show as boxes without an emoji font.
PROBLEM = "Problem:"
HINT = "Hint:"


class RefusedError(FileExistsError):
    """A helper refused to replace or delete something it did not create.

    It is a ``FileExistsError`` so that code catching that still works.
    """


def atomic_write(path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` (text or bytes) to ``path`` so that the file is never half-written.

    The data goes to a temporary file in the same folder (so the final rename
    stays on one disk and is atomic), is flushed to disk, and then replaces
    ``path`` in one step with ``os.replace``. If anything fails, the temporary
    file is removed, ``path`` is left exactly as it was, and the ``OSError`` is
    raised for the caller to explain (see :func:`explain_os_error`).

    Text is written as given: ``"\\n"`` stays ``"\\n"`` on every system.
    """
    target = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); give it the mode a normal new file would get,
        # or keep the mode of the file it replaces.
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    return target


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def next_free_name(path: Path, pattern: str) -> Path:
    """The first ``path.parent / pattern.format(k)`` (k = 1, 2, ...) that does not exist yet."""
    k = 1
    while (path.parent / pattern.format(k)).exists():
        k += 1
    return path.parent / pattern.format(k)


# ---------------------------------------------------------------- messages

_ADVICE = {
    errno.ENOSPC: ("the disk is full",
                   "Free some space (delete files you no longer need, empty the trash), then try again."),
    errno.EDQUOT: ("your disk quota is used up",
                   "Delete files you no longer need, then try again."),
    errno.EACCES: ("you do not have permission to change files there",
                   "Choose a folder of your own (for example in your home folder), or ask whoever "
                   "manages the computer."),
    errno.EPERM: ("the system does not allow that change there",
                  "Choose a folder of your own (for example in your home folder), or ask whoever "
                  "manages the computer."),
    errno.EROFS: ("that folder is on a read-only disk",
                  "Choose a folder on a disk you can write to, for example your home folder."),
    errno.ENOENT: ("the folder does not exist",
                   "Check the folder's name, or create it first."),
    errno.ENOTDIR: ("part of the path is a file, not a folder",
                    "Check the folder's name."),
    errno.EEXIST: ("a file is in the way where a folder should be",
                   "Check the folder's name, or move that file away."),
    errno.EISDIR: ("there is a folder where the file should be",
                   "Choose another file name, or move that folder away."),
}


def explain_os_error(error: OSError, action: str = "write the file") -> str:
    """One sentence on why an operation failed and what to do next.

    ``action`` says what was being attempted, e.g. ``"save responses.md"``.

    >>> import errno
    >>> explain_os_error(OSError(errno.ENOSPC, "No space left"), "save answers.md")
    'Could not save answers.md: the disk is full. Free some space (delete files you no longer need, empty the trash), then try again.'
    """
    reason, advice = _ADVICE.get(error.errno, (None, None))
    if reason is None:
        detail = error.strerror or str(error) or type(error).__name__
        return f"Could not {action}: {detail}. Check the path and try again."
    return f"Could not {action}: {reason}. {advice}"


def problem(message: str, hint: str = "") -> str:
    """A user-facing failure as text: ``Problem: ...`` and, if given, ``Hint: ...`` below it."""
    return f"{PROBLEM} {message}" + (f"\n{HINT} {hint}" if hint else "")


def cli_error(message: str, prog: str | None = None) -> NoReturn:
    """End a command-line tool with one message on stderr and exit status 2 (no traceback)."""
    name = prog or Path(sys.argv[0]).name or "unlocked"
    # The same shape as argparse's own errors ("prog: error: ..."), so all failures read alike.
    print(f"{name}: error: {message}", file=sys.stderr)
    raise SystemExit(2)


# ---------------------------------------------------------------- generated folders

#: Seeds are whole numbers in this range. Python's random module treats N and -N alike,
#: so negative seeds are refused rather than silently giving the same files as N.
MAX_SEED = 2**32 - 1


def check_seed(seed: object) -> int:
    """Return ``seed`` if it is a whole number from 0 to :data:`MAX_SEED`; else raise ``ValueError``."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        shown = repr(seed)[:40]
        raise ValueError(f"The seed must be a whole number from 0 to {MAX_SEED}, not {shown}.")
    return seed


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


@dataclass(frozen=True)
class GeneratedFolder:
    """A folder that a seeded generator writes whole, and the command line that writes it.

    ``name`` is the word for what is generated ("evidence", "cohort"): the package is
    ``unlocked.<name>``, the command line's default folder ``<name>-seed-N``, and
    ``make <name>`` regenerates the shipped copy ``shipped`` (``data/<name>``).
    ``hash_list`` is the file, written last, that names every file a generation wrote.
    """

    name: str
    shipped: Path
    default_seed: int
    description: str
    hash_list: str = "hashes.sha256"

    @property
    def prog(self) -> str:
        return f"python -m unlocked.{self.name}"

    def generated_files(self, folder: Path) -> set[str] | None:
        """The files a generation wrote into ``folder``: the names its hash list gives, and the list.

        ``None`` if ``folder`` holds no readable hash list (then it is not a generated folder).
        """
        try:
            lines = (folder / self.hash_list).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        names = {line.partition("  ")[2] for line in lines if "  " in line}
        return names | {self.hash_list}

    def refusal(self, out: Path) -> str | None:
        """Why ``out`` must not be replaced, or ``None`` if it may be (missing, empty, or all ours)."""
        if not out.exists():
            return None
        if not out.is_dir():
            return f"{out} is a file, not a folder; choose another --out."
        present = {p.relative_to(out).as_posix() for p in out.rglob("*")}
        if not present:
            return None
        ours = self.generated_files(out)
        if ours is None:
            return (f"{out} already holds files that the generator did not write; "
                    "choose a new or empty folder for --out.")
        # The folders that hold our files are ours too; any other entry (even an empty folder) is not.
        folders = {parent.as_posix() for name in ours for parent in Path(name).parents if parent != Path(".")}
        others = sorted(present - ours - folders)
        if others:
            shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            return (f"{out} also holds files that the generator did not write ({shown}); move them away "
                    "or choose a new or empty folder for --out.")
        return None

    def write(self, out_dir: str | Path, seed: int, write_all: Callable[[Path, int], None], *,
              into_module_data: bool = False) -> Path:
        """Run ``write_all(folder, seed)`` into a new folder and put it at ``out_dir``; return its path.

        Nothing is lost on the way:

        * the folder is built beside ``out_dir`` under a temporary name and swapped in
          only when complete;
        * an existing ``out_dir`` is replaced only if it is empty or holds nothing but
          what an earlier generation wrote (the files its hash list names, and that
          list); otherwise :class:`RefusedError` is raised and nothing is touched;
        * the module's own ``data/`` folder is written only with ``into_module_data=True``,
          and then only :attr:`shipped`.

        ``seed`` is a whole number from 0 to :data:`MAX_SEED` (``ValueError`` otherwise).
        """
        check_seed(seed)
        out = Path(out_dir).expanduser().resolve()
        if into_module_data and out != self.shipped:
            raise RefusedError(f"Only {self.shipped} may be written into the module's data; not {out}.")
        if not into_module_data and _inside(out, paths.DATA.resolve()):
            raise RefusedError(
                f"{out} is inside the module's data folder, which holds the shipped {self.name}; choose a "
                f"folder outside it (to regenerate the shipped copy on purpose: make {self.name}).")
        reason = self.refusal(out)
        if reason:
            raise RefusedError(reason)
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
        retired = out.parent / f"{staging.name}-old"
        try:
            write_all(staging, seed)
            # Swap with two renames: at every moment either the old or the new folder is complete.
            if out.exists():
                out.rename(retired)
            staging.rename(out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            if retired.exists() and not out.exists():
                retired.rename(out)
            raise
        shutil.rmtree(retired, ignore_errors=True)
        return out

    def new_folder_name(self, seed: int, where: Path | None = None) -> Path:
        """A folder that does not exist yet, for the command line's default: ``<name>-seed-N`` (then -1, -2, ...)."""
        first = (where or Path.cwd()) / f"{self.name}-seed-{seed}"
        return first if not first.exists() else next_free_name(first, f"{self.name}-seed-{seed}-{{}}")

    def main(self, argv: Sequence[str] | None, generate: Callable[..., Path]) -> int:
        """The command line ``python -m unlocked.<name> [--seed N] [--out DIR | --into-module-data]``.

        ``generate(out, seed=..., into_module_data=...)`` writes the folder. Without ``--out``
        it goes to a new folder in the current one; every failure is one message and exit status 2.
        """
        parser = argparse.ArgumentParser(prog=self.prog, description=self.description)
        parser.add_argument("--seed", type=self._seed, default=self.default_seed,
                            help=f"random seed, a whole number from 0 to {MAX_SEED} (default {self.default_seed})")
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--out", default=None,
                           help="output folder: new, empty, or made by an earlier run (default: a new "
                                f"folder {self.name}-seed-N here)")
        where.add_argument("--into-module-data", action="store_true",
                           help=f"replace the module's shipped copy, {self.shipped} (for authors: make {self.name})")
        args = parser.parse_args(argv)
        if args.into_module_data:
            out = self.shipped
        elif args.out is not None:
            if not args.out.strip():
                cli_error("--out needs a folder name.", self.prog)
            out = Path(args.out)
        else:
            out = self.new_folder_name(args.seed)
        started = time.perf_counter()
        try:
            out = generate(out, seed=args.seed, into_module_data=args.into_module_data)
        except RefusedError as refusal:
            cli_error(str(refusal), self.prog)
        except OSError as error:
            cli_error(explain_os_error(error, f"write the {self.name} into {out}"), self.prog)
        files = [p for p in out.rglob("*") if p.is_file()]
        total = sum(p.stat().st_size for p in files)
        print(f"Wrote {len(files)} files ({total / 1024:.0f} KB) to {out} "
              f"with seed {args.seed} in {time.perf_counter() - started:.2f} s")
        return 0

    @staticmethod
    def _seed(text: str) -> int:
        """argparse type: a seed from the command line, or a one-line reason it is not one."""
        try:
            return check_seed(int(text.strip()))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"the seed must be a whole number from 0 to {MAX_SEED}, not {text[:40]!r}") from None
