"""A scripted OpenAI-compatible server on 127.0.0.1 for tests (aiohttp).

Each POST /v1/chat/completions takes the next scripted reply (or `default` when the script is
empty). A reply is a `Reply`, or a function of the request body returning one, so a test can
answer from what was actually sent. Every request body is recorded, and counted.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # the assistant message's content
    refusal: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow server; the client may time out)
    error: str | None = None  # error message for non-200 replies
    finish_reason: str = "stop"
    usage: tuple[int, int] | None = None  # (prompt, completion) tokens; else estimated


Responder = Reply | Callable[[dict[str, Any]], Reply]


def answer(obj: dict[str, Any], **kw: Any) -> Reply:
    return Reply(content=json.dumps(obj), **kw)


def malformed() -> Reply:
    return Reply(content='{"summary": "cut off', finish_reason="length")


def rate_limited(retry_after: str = "0") -> Reply:
    return Reply(status=429, headers={"Retry-After": retry_after}, error="Rate limit reached")


def server_error(status: int = 500) -> Reply:
    return Reply(status=status, error="The server had an error")


def refusal() -> Reply:
    return Reply(refusal="I'm sorry, I can't help with that.")


def slow(seconds: float, obj: dict[str, Any] | None = None) -> Reply:
    return Reply(content=json.dumps(obj or {"summary": "late"}), delay=seconds)


def user_message(request: dict[str, Any]) -> str:
    return next(m["content"] for m in request["messages"] if m["role"] == "user")


def system_message(request: dict[str, Any]) -> str:
    return next(m["content"] for m in request["messages"] if m["role"] == "system")


class FakeOpenAI:
    def __init__(
        self,
        script: Iterable[Responder] = (),
        default: Responder | None = None,
        reject_json_schema: bool = False,
        models: Iterable[str] = ("test-model",),
    ) -> None:
        self.script: deque[Responder] = deque(script)
        self.default = default
        self.reject_json_schema = reject_json_schema  # like servers without structured output
        self.models = list(models)
        self.requests: list[dict[str, Any]] = []
        self.auth_headers: list[str | None] = []
        self.request_times: list[float] = []
        self.models_requests = 0
        self.in_flight = 0
        self.max_in_flight = 0  # most chat requests being handled at once
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    @property
    def count(self) -> int:
        return len(self.requests)

    def push(self, *replies: Responder) -> None:
        self.script.extend(replies)

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)
        # Cancel a slow handler when its client gives up (timeout tests), and never wait long
        # for one at shutdown.
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=0.1
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}/v1"
        return self.base_url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeOpenAI:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _models(self, request: web.Request) -> web.Response:
        self.models_requests += 1
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in self.models]
        return web.json_response({"object": "list", "data": data})

    def _next(self, body: dict[str, Any]) -> Reply:
        if self.reject_json_schema and body.get("response_format", {}).get("type") == "json_schema":
            return Reply(status=400, error="response_format json_schema is not supported")
        responder = self.script.popleft() if self.script else self.default
        if responder is None:
            return Reply(status=500, error="fake server: script exhausted")
        return responder(body) if callable(responder) else responder

    async def _chat(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        self.auth_headers.append(request.headers.get("Authorization"))
        self.request_times.append(time.monotonic())
        reply = self._next(body)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if reply.delay:
                await asyncio.sleep(reply.delay)
        finally:
            self.in_flight -= 1
        if reply.status != 200:
            err = {
                "error": {
                    "message": reply.error or "error",
                    "type": "fake",
                    "param": None,
                    "code": None,
                }
            }
            return web.json_response(err, status=reply.status, headers=reply.headers)
        prompt_chars = sum(len(m.get("content") or "") for m in body.get("messages", []))
        usage = reply.usage or (
            prompt_chars // 4 + 1,
            len(reply.content or reply.refusal or "") // 4 + 1,
        )
        completion = {
            "id": f"chatcmpl-{self.count}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "test-model"),
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": reply.content,
                        "refusal": reply.refusal,
                    },
                    "finish_reason": reply.finish_reason,
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": usage[0],
                "completion_tokens": usage[1],
                "total_tokens": sum(usage),
            },
        }
        return web.json_response(completion, headers=reply.headers)
