"""Wide tables scroll inside a labelled region that a keyboard can reach."""

import pandas as pd

from unlocked.tables import scrollable_html


def test_a_table_is_wrapped_in_a_labelled_focusable_region():
    frame = pd.DataFrame({"sha256": ["a" * 64, "b" * 64], "file": ["x", "y"]})
    markup = scrollable_html(frame)
    assert markup.startswith('<div role="region" aria-label="Table, 2 rows by 2 columns" tabindex="0" '
                             'style="overflow-x: auto">')
    assert frame._repr_html_() in markup and markup.endswith("</div>")


def test_pandas_choosing_no_html_is_respected():
    with pd.option_context("display.notebook_repr_html", False):
        assert scrollable_html(pd.DataFrame({"a": [1]})) is None
