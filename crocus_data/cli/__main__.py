"""``python -m crocus_data.cli``: the same as the ``crocus-data`` command."""

import sys

from crocus_data.cli.entry_point import main

sys.exit(main())
