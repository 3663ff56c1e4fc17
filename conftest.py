"""Test isolation for every pytest run, whatever paths it is given.

At the module's root, not in tests/, so that `pytest notebooks/05_x.ipynb` alone gets the
same clean environment as `make test`: a user's UNLOCKED_* settings are ignored, and the
hand-in files the notebooks write go to a scratch folder, not beside the notebooks (where
a second run would find them and print a different message).
"""

import os
import shutil
import tempfile


#: Settings of the tests themselves, not of the module: CI sets the first so that a missing
#: browser fails the run instead of skipping the browser tests; the second names a Chromium
#: that is not on PATH.
TEST_SETTINGS = {"UNLOCKED_REQUIRE_BROWSER", "UNLOCKED_CHROMIUM"}


def strip_unlocked_variables(environ) -> None:
    """Remove every UNLOCKED_* module setting (and JPY_SESSION_NAME) from ``environ``.

    Jupyter sets JPY_SESSION_NAME when `make test` runs from a notebook's kernel; it changes
    the hand-in cell's hint. Kernels started by nbval inherit this cleaned environment.
    """
    for name in [name for name in environ
                 if (name.startswith("UNLOCKED_") and name not in TEST_SETTINGS) or name == "JPY_SESSION_NAME"]:
        del environ[name]


def pytest_configure(config):
    # Runs in every pytest process (each xdist worker too) before any test or kernel starts.
    strip_unlocked_variables(os.environ)
    scratch = tempfile.mkdtemp(prefix="unlocked-responses-")
    os.environ["UNLOCKED_RESPONSES_DIR"] = scratch
    config.add_cleanup(lambda: shutil.rmtree(scratch, ignore_errors=True))
