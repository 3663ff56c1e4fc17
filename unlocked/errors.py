"""Errors meant for learners: a plain message, never a wall of traceback.

When the helpers are imported inside Jupyter, `install_handler` teaches IPython to
show a `LearnerError` as its message alone. Outside Jupyter (tests, scripts) it is
an ordinary exception.
"""


class LearnerError(Exception):
    """Something the learner can fix, explained in words they can act on."""


class DataFileError(LearnerError):
    """A data file is missing, changed or damaged."""


def _show_message_only(shell, etype, value, tb, tb_offset=None):
    # Printed to stderr so JupyterLab shades it like an error, but without frames.
    import sys

    print(f"⚠️ {value}", file=sys.stderr)


def install_handler() -> None:
    """Show LearnerError messages without a traceback when running under IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to install
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((LearnerError,), _show_message_only)
