"""The ``coach`` program's first lines: Ctrl-C is taken over before anything heavy is
imported, so an interrupt at any moment — while Python loads coach, in the middle of an
import — ends in one line and exit 130, never a traceback.

The command-line framework turns a ``KeyboardInterrupt`` into its own short exit (no word of
what was kept), so Ctrl-C raises :class:`Interrupted` instead, which only the entry point
catches."""

from __future__ import annotations

import contextlib
import gc
import signal
import sys
from collections.abc import Sequence
from types import FrameType

INTERRUPTED_EXIT = 130
INTERRUPTED_TEXT = "interrupted; nothing half-written was kept"


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) or a polite stop (SIGTERM), as an exception only the entry point ends."""


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(signal.Signals(signum).name)


def _interrupt_again(unraisable: sys.UnraisableHookArgs) -> None:
    """Python cannot raise out of a clean-up callback (a weakref's, a ``__del__``): an interrupt
    that lands in one would be printed as "Exception ignored" and lost, the command going on as
    if Ctrl-C had not been pressed. It is sent again, to land in ordinary code."""
    if isinstance(unraisable.exc_value, Interrupted):
        import threading

        number = signal.Signals[str(unraisable.exc_value)]
        # From another thread, a moment later: raised here, it would land in this hook again.
        with contextlib.suppress(RuntimeError):  # no new thread while Python shuts down
            threading.Timer(AGAIN_AFTER_S, signal.raise_signal, (number,)).start()
        return
    sys.__unraisablehook__(unraisable)


AGAIN_AFTER_S = 0.01
"""How soon a swallowed interrupt is sent again (the clean-up callback has returned by then)."""


def take_over_interrupts() -> None:
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    sys.unraisablehook = _interrupt_again


def pause_collector() -> None:
    """Start-up allocates hundreds of thousands of objects (modules, classes, schemas) that live
    as long as the process; the cycle collector walking them again and again costs a command a
    tenth of its start. It is paused until long work begins (:func:`resume_collector`)."""
    gc.disable()


def resume_collector() -> None:
    """Long work (anything that shows a progress bar, the server) runs with the cycle collector
    on; what start-up made is frozen out of its walks."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def main(argv: Sequence[str] | None = None) -> None:
    pause_collector()
    take_over_interrupts()
    try:
        from coach.cli.main import main as run
    except Interrupted:
        sys.stderr.write(INTERRUPTED_TEXT + "\n")
        sys.exit(INTERRUPTED_EXIT)
    run(argv)
