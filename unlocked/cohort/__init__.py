"""A seeded generator of a cohort of synthetic, fictional Android phones (notebook 06).

    from unlocked.cohort import generate, DEFAULT_SEED
    generate("somewhere/cohort", seed=DEFAULT_SEED)

or, from a terminal, ``python -m unlocked.cohort [--seed N] [--out DIR]``
(``make cohort`` regenerates the module's own ``data/cohort``).

Each phone's folder holds what a consensual examination collects, in the real
line formats (kernel log, logcat, a package list); ``indicators.stix2`` is a
STIX 2.1 bundle for an invented spyware; ``ground_truth.csv`` says what really
happened, for the answer checks. :mod:`unlocked.cohort.model` holds the plan;
:mod:`unlocked.cohort.formats` the line formats; notebooks read the files with
:func:`cohort_file` (hash-checked; ``UNLOCKED_COHORT_DIR`` selects a variant).
"""

from .folder import ENV_VAR, cohort_file, cohort_root
from .generator import DEFAULT_OUT, GROUND_TRUTH, HASH_LIST, INDICATORS, PHONES, generate, phone_file
from .model import DEFAULT_SEED, PLAN, build_cohort, ground_truth

__all__ = ["DEFAULT_OUT", "DEFAULT_SEED", "ENV_VAR", "GROUND_TRUTH", "HASH_LIST", "INDICATORS", "PHONES", "PLAN",
           "build_cohort", "cohort_file", "cohort_root", "generate", "ground_truth", "phone_file"]
