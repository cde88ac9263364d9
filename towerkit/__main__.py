"""``python -m towerkit``: the same command as the ``towerkit`` script."""

import sys

from towerkit.cli import main

if __name__ == "__main__":  # worker processes (forkserver) import the main module as __mp_main__
    sys.exit(main())
