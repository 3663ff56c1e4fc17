"""Sphinx configuration of the course site (``make site``; see tools/build_site.py).

Sphinx with MyST-NB and the Sphinx Book Theme: everything the build needs is in the
installed packages, so it runs with no network. Notebooks are shown with the outputs
stored in them; the site build never executes one.
"""

project = "Unlocked"
author = "The Unlocked authors"
copyright = "The Unlocked authors. Text and data CC BY 4.0, code MIT"

extensions = ["myst_nb"]
nb_execution_mode = "off"          # stored outputs only: no kernel, no network
nb_merge_streams = True
myst_heading_anchors = 3           # links to sections (#going-further) resolve and are checked
suppress_warnings = []             # every warning fails the build (-W)
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
root_doc = "index"
language = "en"

html_theme = "sphinx_book_theme"
html_title = "Unlocked: the ethics of mobile-phone forensics"
html_static_path = ["_static"]
templates_path = ["_templates"]   # theme components the site overrides (see each file's comment)
html_css_files = ["unlocked.css"]
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    # The launch links are written into each notebook page by tools/build_site.py from
    # tools/launch.py (the one place holding the repository's address), not by the theme.
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
}
