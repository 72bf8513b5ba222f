"""``python -m generator`` and the ``scenario-codegen`` console script: run the command line.

A Ctrl-C while the toolkit is still importing is held back until the imports
are done (an interrupt inside an import can surface as an "Exception ignored"
traceback that no ``except`` sees), then ends like one during a run (see
``interrupt``): one line, exit status 130.

An unchanged ``generate`` is answered first, from the stamp the last run left
(:mod:`generator.fresh`), without importing the command line's modules.
"""

import _signal  # type: ignore[import-not-found,unused-ignore]  # no stubs; `signal` would import more


def run() -> None:
    """Run the command line given in ``sys.argv``; exits with its status."""
    held: list[int] = []
    _signal.signal(_signal.SIGINT, lambda signum, _frame: held.append(signum))
    try:
        import sys  # noqa: PLC0415  # loaded at start-up; imported here, after the hold

        from generator.fresh import up_to_date  # noqa: PLC0415

        status = up_to_date(sys.argv[1:])  # a no-op answered from file times, before the imports
        if status is None:
            from generator.cli import main  # noqa: PLC0415
            from generator.interrupt import install  # noqa: PLC0415

            install()
            if held:  # looked at only after the swap: one that comes during it lands in either
                raise KeyboardInterrupt
            status = main()
        elif held:
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        from generator.interrupt import interrupted  # noqa: PLC0415

        status = interrupted()
    raise SystemExit(status)


if __name__ == "__main__":
    run()
