"""Every exercise of the module, one file per notebook.

Each file registers its checks and discussions with ``feedback.register``;
their expected answers are functions of the data, evaluated when a learner
runs a check. Importing this package registers them all.
"""

from . import start_here  # noqa: F401
from . import serbia_case  # noqa: F401
from . import extraction  # noqa: F401
from . import butler_phone  # noqa: F401
from . import dual_use  # noqa: F401
from . import autocracy  # noqa: F401
from . import detecting_misuse  # noqa: F401
from . import policy_lab  # noqa: F401
