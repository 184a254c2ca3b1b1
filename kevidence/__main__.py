"""``python -m kevidence`` runs the command line."""

import sys

from kevidence.cli import main

sys.exit(main())
