"""Fixtures of the real-browser tests (see support.py)."""

import os

import pytest

import support


@pytest.fixture(autouse=True)
def _needs_a_browser():
    reason = support.why_no_browser()
    if reason:
        if os.environ.get("UNLOCKED_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests required here, but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if support.why_no_browser():
        pytest.skip(support.why_no_browser())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = support.launch_browser(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artefacts():
    support.ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return support.ARTEFACTS
