"""``python -m unlocked.responses``: run the collector (see :mod:`unlocked.responses.collector`).

A separate entry point: running ``unlocked/responses.py`` itself with ``-m`` made
Python warn (RuntimeWarning) because ``import unlocked`` had already imported it.
"""

from .collector import main

raise SystemExit(main())
