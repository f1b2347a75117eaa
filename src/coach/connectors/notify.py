"""Push notifications through Apprise (ntfy, Telegram, e-mail, Slack, a JSON webhook, ... from
one URL each): the evening review reaches the athlete's phone without the athlete opening a
terminal."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from coach.domain.errors import ConfigError, ConnectorError

_SPLIT = re.compile(r"[\s,]+")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _apprise_said() -> Iterator[_Collect]:
    """Keep Apprise's log lines (which may quote a URL, tokens and all) out of the terminal;
    the last one goes into our one-line error."""
    collect = _Collect()
    logger = logging.getLogger("apprise")
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield collect
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate


def notify_urls(text: str) -> list[str]:
    """The URLs of a COACH_NOTIFY_URL value (spaces or commas between them)."""
    return [u for u in _SPLIT.split(text.strip()) if u]


def send(urls: str, title: str, body: str) -> int:
    """Send one message to every URL; return how many services took it.

    Raises ConfigError for a URL Apprise cannot read, ConnectorError when a service refuses
    or cannot be reached (with what Apprise said, in one line).
    """
    targets = notify_urls(urls)
    if not targets:
        raise ConfigError("COACH_NOTIFY_URL is empty: give an Apprise URL such as ntfy://topic")
    import apprise  # 40 ms: only when something is sent, not at every command's start

    sender = apprise.Apprise()
    with _apprise_said() as said:
        for number, url in enumerate(targets, start=1):
            if not sender.add(url):
                scheme = url.split("://", 1)[0] if "://" in url else "?"
                raise ConfigError(
                    f"COACH_NOTIFY_URL: URL {number} ({scheme}://…) is not one Apprise knows; "
                    "see https://github.com/caronc/apprise/wiki for the formats"
                )
        delivered = sender.notify(title=title, body=body)
    if not delivered:
        last = said.messages[-1] if said.messages else "no service accepted the message"
        raise ConnectorError(
            f"notification failed: {last} (check COACH_NOTIFY_URL and the service)"
        )
    return len(targets)
