"""``python -m polyglance.tui.cli``: the same as the ``polyglance`` command."""

import sys

from .commands import main

sys.exit(main())
