"""Ctrl-C is never lost: one that lands in a clean-up callback (where Python cannot raise) is
sent again and stops the command in ordinary code."""

from __future__ import annotations

import signal
import sys
import time
import weakref
from collections.abc import Iterator

import pytest

from coach.cli.entry import Interrupted, take_over_interrupts


@pytest.fixture
def taken_over() -> Iterator[None]:
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    hook = sys.unraisablehook
    take_over_interrupts()
    yield
    for number, handler in handlers.items():
        signal.signal(number, handler)
    sys.unraisablehook = hook


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_an_interrupt_swallowed_by_a_clean_up_callback_is_raised_again(
    taken_over: None, name: str
) -> None:
    class Thing:
        pass

    def clean_up(_gone: object) -> None:
        raise Interrupted(name)  # as when the signal arrives while a callback runs

    def drop_a_thing() -> None:
        take_over_interrupts()  # here: pytest sets its own hook around each test
        thing = Thing()
        kept = weakref.ref(thing, clean_up)  # noqa: F841 (a weakref calls back while it lives)
        del thing  # the callback runs; Python ignores what it raises
        for _ in range(100):  # ordinary code, where the interrupt lands again
            time.sleep(0.01)

    with pytest.raises(Interrupted, match=name):
        drop_a_thing()


def test_other_unraisable_errors_are_reported_as_before(
    taken_over: None, capsys: pytest.CaptureFixture[str]
) -> None:
    class Thing:
        def __del__(self) -> None:
            raise ValueError("a broken destructor")

    take_over_interrupts()
    Thing()
    assert "a broken destructor" in capsys.readouterr().err
