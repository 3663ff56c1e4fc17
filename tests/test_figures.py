"""The shared plot style and captioned figures."""

import base64
import re

import matplotlib
import matplotlib.pyplot as plt
import pytest

from unlocked.figures import OKABE_ITO, PALETTE, show_figure, use_style


def test_style_uses_the_colour_blind_safe_palette():
    use_style()
    cycle = [c["color"] for c in matplotlib.rcParams["axes.prop_cycle"]]
    assert cycle == PALETTE and set(PALETTE) == set(OKABE_ITO.values())


def test_show_figure_displays_one_figure_with_its_words(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    show_figure(fig, "Two <points>.", 'A line rising from 3 to 4, "steadily".')
    (figure,) = shown
    assert figure.png.startswith(b"\x89PNG")
    assert repr(figure) == 'Figure: Two <points>.\nText description: A line rising from 3 to 4, "steadily".'
    markup = figure._repr_html_()
    # The description is the image's alternative text; caption and description are tied
    # to the image by the <figure>'s <figcaption>.
    assert re.fullmatch(
        r'<figure[^>]*><img src="data:image/png;base64,[A-Za-z0-9+/=]+" '
        r'alt="A line rising from 3 to 4, &quot;steadily&quot;\." [^>]*>'
        r"<figcaption>.*Two &lt;points&gt;\..*<details open>.*</details></figcaption></figure>", markup)
    assert base64.b64decode(markup.split("base64,")[1].split('"')[0]) == figure.png
    assert not plt.get_fignums()  # closed, so Jupyter does not show it a second time


def test_the_same_figure_gives_the_same_bytes(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    for _ in range(2):
        fig, ax = plt.subplots()
        ax.bar(["a", "b"], [1, 2])
        show_figure(fig, "c", "d")
    assert shown[0].png == shown[1].png


def test_a_figure_without_words_is_refused():
    fig, _ = plt.subplots()
    with pytest.raises(ValueError):
        show_figure(fig, "Caption", " ")
    plt.close(fig)
