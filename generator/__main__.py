"""``python -m generator``: run the command-line interface."""

from generator.cli import main

raise SystemExit(main())
