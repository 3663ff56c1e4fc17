"""One plot style for every notebook, and figures that always carry words.

The palette is Okabe and Ito's eight colours, chosen to stay distinct for the
common forms of colour blindness; plots should still pair colour with a second
cue (markers, line styles, labels) wherever categories matter.

``show_figure`` displays a figure with its caption and a text description in one
HTML ``<figure>``, the description doubling as the image's alternative text, so a
screen-reader user (or anyone reading the notebook as text) gets the point of the
chart, not just "image".
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

import matplotlib
import matplotlib.pyplot as plt
from cycler import cycler

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
# Yellow is last among the colours: it is hard to see on white.
PALETTE = [OKABE_ITO[name] for name in
           ("blue", "orange", "bluish green", "vermillion", "reddish purple", "sky blue", "black", "yellow")]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

STYLE = {
    "axes.prop_cycle": cycler(color=PALETTE),
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "svg.hashsalt": "unlocked",  # stable ids if anyone saves SVG
}


def use_style() -> None:
    """Apply the module's plot style to every figure made after this call."""
    matplotlib.rcParams.update(STYLE)


@dataclass(frozen=True)
class Figure:
    """A chart and its words, shown as one output.

    In HTML (JupyterLab, the course site) it is a ``<figure>``: the image's
    ``alt`` text is the description, and the caption and visible description sit
    in its ``<figcaption>``, so assistive technology ties them to the image. As
    plain text (a terminal, a diff) it is the caption and description alone.
    """

    png: bytes
    caption: str
    description: str

    def __repr__(self) -> str:
        return f"Figure: {self.caption}\nText description: {self.description}"

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        return (
            '<figure style="margin: 0.5em 0">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.description)}" '
            'style="max-width: 100%; height: auto">'
            f'<figcaption><p style="margin-top:0"><strong>Figure.</strong> {html.escape(self.caption)}</p>'
            f"<details open><summary>Text description</summary>"
            f"<p>{html.escape(self.description)}</p></details></figcaption></figure>"
        )


def show_figure(fig: plt.Figure, caption: str, description: str) -> None:
    """Display ``fig`` with a caption (what it shows) and a text description.

    The description should say what a sighted reader would take away: the
    shape of the data, the notable values, the answer to the question asked.
    It is also the image's alternative text for screen readers.
    """
    if not caption.strip() or not description.strip():
        raise ValueError("every figure needs a caption and a text description")
    from IPython.display import display

    buffer = io.BytesIO()
    # No "Software" stamp: the PNG then depends only on what is drawn.
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    display(Figure(buffer.getvalue(), caption, description))
