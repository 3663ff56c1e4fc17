"""What the public course site carries (the browser tests look at how it renders)."""

import re

from tools import build_site
from unlocked.paths import ROOT


def test_the_site_never_carries_answers():
    published = build_site.pages()
    assert "instructor/answers.md" not in published
    assert not any(page.startswith("instructor/") and page.endswith(".ipynb") for page in published)
    for page, source in published.items():
        if page.startswith("instructor/"):
            text = source.read_text(encoding="utf-8")
            # A solutions paragraph, or a check followed by its number, belongs in answers.md.
            assert "**Solutions.**" not in text and not re.search(r"\bCheck \d: \d", text), page


def test_the_guide_points_to_the_answers_page():
    guide = (ROOT / "instructor" / "README.md").read_text(encoding="utf-8")
    assert "(answers.md)" in guide and (ROOT / "instructor" / "answers.md").is_file()
