"""Printed text that reads well in JupyterLab: :func:`print_wrapped`.

JupyterLab's output area wraps a long printed line at its right edge, in the middle
of a word. Printing paragraphs through :func:`print_wrapped` breaks them between
words instead, at 80 characters, as a book would.
"""

from __future__ import annotations

import textwrap

#: The widest printed line: fits the output area of JupyterLab beside its file browser.
WIDTH = 80


def wrap(text: object, width: int = WIDTH) -> str:
    """``text`` with every line longer than ``width`` broken between words.

    Line breaks already in the text are kept, and so are blank lines. A line that
    starts with spaces keeps them on each of its continued lines, so an indented
    note stays indented. A single word longer than ``width`` (a web address) is
    left whole rather than cut.
    """
    lines = []
    for line in str(text).split("\n"):
        indent = line[: len(line) - len(line.lstrip(" "))]
        lines.append(textwrap.fill(line, width=width, initial_indent="", subsequent_indent=indent,
                                   break_long_words=False, break_on_hyphens=False) or line)
    return "\n".join(lines)


def print_wrapped(*values: object, sep: str = " ", end: str = "\n", width: int = WIDTH) -> None:
    """Print like ``print``, but with long lines broken between words (see :func:`wrap`).

    >>> print_wrapped("A sentence " * 10)
    A sentence A sentence A sentence A sentence A sentence A sentence A sentence A
    sentence A sentence A sentence
    """
    print(wrap(sep.join(str(value) for value in values), width), end=end)
