"""Errors meant for learners: a plain message, never a wall of traceback.

When the helpers are imported inside Jupyter, `install_handler` teaches IPython to
show a `LearnerError` as its message alone, and to add a hint under the most
common stumble in notebooks, a name that is not defined because a cell above was
skipped. Outside Jupyter (tests, scripts) they are ordinary exceptions.
"""

import sys


class LearnerError(Exception):
    """Something the learner can fix, explained in words they can act on."""


class DataFileError(LearnerError):
    """A data file is missing, changed or damaged."""


SKIPPED_CELL_HINT = (
    "💡 Hint: this usually means a cell above was not run (or the kernel was restarted). "
    "Use Run > Run All Above Selected Cell, then run this cell again."
)


def _explain(shell, etype, value, tb, tb_offset=None):
    if issubclass(etype, LearnerError):
        # Printed to stderr so JupyterLab shades it like an error, but without frames.
        print(f"⚠️ {value}", file=sys.stderr)
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
