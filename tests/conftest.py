"""Shared test set-up."""

import os
import tempfile

from hypothesis import settings

# Responses exported by notebooks under test go to a scratch folder, not the repo.
# Kernels started by nbval inherit this environment.
os.environ.setdefault("UNLOCKED_RESPONSES_DIR", tempfile.mkdtemp(prefix="unlocked-responses-"))

# Fuzzing: many examples, and the same ones on every run so CI is repeatable.
settings.register_profile("unlocked", max_examples=1000, derandomize=True, deadline=None)
settings.load_profile("unlocked")
