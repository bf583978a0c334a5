"""`python -m bot` runs the same CLI as `wpsbot`."""

import sys

from bot.cli import main

sys.exit(main())
