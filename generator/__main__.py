"""``python -m generator``: run the command-line interface.

Everything, the imports included, runs inside the ``try``: a Ctrl-C while the
toolkit is still importing ends like one during a run (see ``interrupt``).
"""

try:
    from generator.cli import main

    status = main()
except KeyboardInterrupt:
    from generator.interrupt import interrupted

    status = interrupted()
raise SystemExit(status)
