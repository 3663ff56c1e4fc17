"""Tables that stay readable however wide they are.

A wide table (long hashes, file paths) does not fit a narrow window. Shown as pandas makes
it, it is cut off at the window's edge, or it scrolls inside a box that a keyboard cannot
reach. ``install_table_display`` makes notebooks show every DataFrame inside a box of its
own that scrolls sideways, is labelled for screen readers and can be reached with Tab
(WCAG 2.1.1: scrollable regions need keyboard access).
"""

from __future__ import annotations

import pandas as pd


def scrollable_html(frame: pd.DataFrame) -> str | None:
    """pandas' own HTML for ``frame``, wrapped in a labelled, keyboard-scrollable region."""
    inner = frame._repr_html_()
    if inner is None:
        return None
    rows, columns = frame.shape
    label = f"Table, {rows} row{'s' * (rows != 1)} by {columns} column{'s' * (columns != 1)}"
    return (f'<div role="region" aria-label="{label}" tabindex="0" style="overflow-x: auto">'
            f"{inner}</div>")


def install_table_display() -> None:
    """In a notebook (IPython), show DataFrames through ``scrollable_html``; elsewhere do nothing."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, scrollable_html)
