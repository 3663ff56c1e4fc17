"""Errors meant for learners: a plain message, never a wall of traceback.

When the helpers are imported inside Jupyter, `install_handler` teaches IPython to
show a `LearnerError` as its message alone, and to add a hint under the most
common stumble in notebooks, a name that is not defined because a cell above was
skipped. Outside Jupyter (tests, scripts) they are ordinary exceptions.

When a data file fails its check, the cell that loads it stops, so the names it
would have created never exist. Every later cell that uses them would then fail
with a ``NameError``; instead of a dozen tracebacks pointing at the wrong cause,
each such cell gets one line saying that the loading step above failed.
"""

from __future__ import annotations

import sys

from .safety import HINT, PROBLEM


class LearnerError(Exception):
    """Something the learner can fix, explained in words they can act on."""


class DataFileError(LearnerError):
    """A data file is missing, changed or damaged.

    ``file`` names it (as the learner sees it, e.g. ``data/sources.csv``) when known.
    """

    def __init__(self, message: str, file: str | None = None) -> None:
        super().__init__(message)
        self.file = file


SKIPPED_CELL_HINT = (
    f"{HINT} this usually means a cell above was not run (or the kernel was restarted). "
    "Use Run > Run All Above Selected Cell, then run this cell again."
)

#: Data files whose check failed in this session and have not loaded since
#: ("" when the failing file is not known). Emptied as files load again.
_failed_files: set[str] = set()


def data_file_loaded(file: str) -> None:
    """Forget an earlier failure of ``file``: it has now passed its check."""
    _failed_files.discard(file)


def a_data_file_failed() -> bool:
    """Whether a data file failed its check in this session (and has not loaded since)."""
    return bool(_failed_files)


def missing_name_message(name: str | None) -> str:
    """The one line shown for an undefined name after a data file failed to load."""
    needed = f"`{name}`" if name else "a name"
    return (
        f"{PROBLEM} this cell needs {needed}, which a loading step above did not create because a "
        "data file failed its check; see the message there."
    )


def _explain(shell, etype, value, tb, tb_offset=None):
    if issubclass(etype, DataFileError):
        _failed_files.add(value.file or "")
    if issubclass(etype, LearnerError):
        # Printed to stderr so JupyterLab shades it like an error, but without frames.
        print(f"{PROBLEM} {value}", file=sys.stderr)
        return None
    if issubclass(etype, NameError) and a_data_file_failed():
        print(missing_name_message(getattr(value, "name", None)), file=sys.stderr)
        return None
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    print(SKIPPED_CELL_HINT, file=sys.stderr)
    return None


def install_handler() -> None:
    """Install the learner-friendly error display when running under IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to install
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((LearnerError, NameError), _explain)
