"""Fixtures of the real-browser tests (see support.py).

Every test and server fixture here asks for ``browser`` first, so where no Chromium is
present nothing is started: the tests are skipped (or, with UNLOCKED_REQUIRE_BROWSER=1 as in
CI, they fail) before any JupyterLab or site build.
"""

import os

import pytest

import support


def _no_browser(reason: str):
    if os.environ.get("UNLOCKED_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests are required here, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    reason = support.why_no_browser()
    if reason:
        _no_browser(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = support.launch_browser(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artefacts():
    support.ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return support.ARTEFACTS
