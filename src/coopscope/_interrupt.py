"""Ctrl-C while coopscope loads: one line and exit code 130, never a traceback.

:func:`quiet_start` installs a SIGINT handler for the time a module takes to import and returns
the function that puts the previous handler back (only in the main thread; elsewhere it does
nothing). ``coopscope`` and ``coopscope.cli`` wrap their imports in it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable


def _interrupted(*_: object) -> None:
    sys.stderr.write("Interrupted; nothing was changed.\n")
    os._exit(130)


def quiet_start() -> Callable[[], None]:
    """Make Ctrl-C quiet until the returned function is called."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.default_int_handler:  # someone chose their own handler: leave it
        return lambda: None
    signal.signal(signal.SIGINT, _interrupted)

    def restore() -> None:
        signal.signal(signal.SIGINT, previous)

    return restore
