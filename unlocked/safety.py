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
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

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
