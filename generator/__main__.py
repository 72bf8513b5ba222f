"""``python -m generator``: run the command-line interface.

A Ctrl-C while the toolkit is still importing is held back until the imports
are done (an interrupt inside an import can surface as an "Exception ignored"
traceback that no ``except`` sees), then ends like one during a run (see
``interrupt``): one line, exit status 130.
"""

import _signal  # type: ignore[import-not-found,unused-ignore]  # no stubs; `signal` would import more

_held: list[int] = []
_signal.signal(_signal.SIGINT, lambda signum, _frame: _held.append(signum))
try:
    from generator.cli import main

    _signal.signal(_signal.SIGINT, _signal.default_int_handler)
    if _held:
        raise KeyboardInterrupt
    status = main()
except KeyboardInterrupt:
    from generator.interrupt import interrupted

    status = interrupted()
raise SystemExit(status)
