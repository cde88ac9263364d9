import sys

from towerkit.cli import main

sys.exit(main())
