"""A seeded generator of a synthetic, fictional phone extraction (notebook 02).

    from unlocked.evidence import generate, DEFAULT_SEED
    generate("somewhere/evidence", seed=DEFAULT_SEED)

or, from a terminal, ``python -m unlocked.evidence [--seed N] [--out DIR]``.

The output imitates what a forensic extraction of two phones hands an examiner —
Android ``mmssms.db``, ``calllog.db``, ``contacts2.db``, Chrome ``History``,
``packages.xml``, an iPhone ``sms.db``, tool exports, a report and a hash list —
in the real formats, about an invented journalist in an invented town.

Notebooks read the evidence through :func:`evidence_root` and :func:`evidence_file`
(hash-checked; ``UNLOCKED_EVIDENCE_DIR`` selects a student's own variant).

For exercise code that needs the right answers:

* :mod:`unlocked.evidence.persona` — the fixed cast, places, websites and warrant,
  with :func:`~unlocked.evidence.persona.category_of_address`,
  :func:`~unlocked.evidence.persona.category_of_url`,
  :func:`~unlocked.evidence.persona.contacts_frame`, :data:`~unlocked.evidence.persona.WARRANT`;
* :func:`build_timeline` — every generated record with its id, category,
  warrant scope and deleted flag; :func:`ground_truth` — the same as a DataFrame.
"""

from . import clock, persona
from .folder import ENV_VAR, evidence_file, evidence_root
from .generator import DEFAULT_OUT, generate
from .report import HASH_LIST
from .timeline import DEFAULT_SEED, Timeline, build_timeline, ground_truth

__all__ = ["DEFAULT_OUT", "DEFAULT_SEED", "ENV_VAR", "HASH_LIST", "Timeline", "build_timeline", "clock",
           "evidence_file", "evidence_root", "generate", "ground_truth", "persona"]
