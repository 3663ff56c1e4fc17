"""Helpers for the Unlocked notebooks.

    from unlocked import load, check, discuss, show_figure

* ``load(name)`` opens a dataset after checking the file is intact;
* ``check(exercise, answer)`` and ``discuss(exercise, choice, because)`` give
  instant feedback on exercises;
* ``show_figure(fig, caption, description)`` shows a chart with its words;
* ``export_responses(notebook)`` collects your discussion answers to hand in;
* ``print_wrapped(text)`` prints paragraphs broken between words, not mid-word.
"""

from .data import dataset_names, describe, load, verified_path
from .errors import DataFileError, LearnerError, install_handler
from .feedback import check, discuss
from .figures import OKABE_ITO, PALETTE, MARKERS, show_figure, use_style
from .responses import export_responses
from .tables import install_table_display
from .text import print_wrapped

__all__ = [
    "DataFileError", "LearnerError", "MARKERS", "OKABE_ITO", "PALETTE", "check",
    "dataset_names", "describe", "discuss", "export_responses", "load",
    "print_wrapped", "show_figure", "use_style", "verified_path",
]

# Importing the helpers in a notebook is the set-up: one style for every chart, tables
# that scroll sideways by keyboard too, and learner-facing errors shown as plain messages.
use_style()
install_table_display()
install_handler()
