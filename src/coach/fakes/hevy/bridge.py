"""A synchronous httpx transport that serves requests from an ASGI app in-process.

httpx ships ``ASGITransport`` for async clients only; coach's Hevy client is synchronous, so this
bridge runs each request to completion on a private event loop. The real client code (headers,
retries, parsing) runs unchanged; only the socket is skipped.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx


class ASGIBridge(httpx.BaseTransport):
    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content = request.read()

        async def call() -> httpx.Response:
            forwarded = httpx.Request(
                request.method, request.url, headers=request.headers, content=content
            )
            response = await self._inner.handle_async_request(forwarded)
            body = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=body)

        return self._loop.run_until_complete(call())

    def close(self) -> None:
        if not self._loop.is_closed():
            self._loop.close()
