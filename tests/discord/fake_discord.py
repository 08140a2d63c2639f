"""A Discord-compatible REST + gateway server on loopback, for driving the real discord.py client.

It speaks just enough of Discord's API v10 for a bot to log in, connect to the gateway, sync its
application commands, answer interactions and post messages. Every REST call is recorded; tests
dispatch INTERACTION_CREATE payloads shaped like Discord's and await the bot's response.
Channel messages can be edited too (PATCH), each applied edit recorded in `FakeDiscord.edits`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = 900_000_000_000_000_001
USER_ID = 900_000_000_000_000_002  # the human invoking commands
MANAGE_GUILD = 1 << 5
SEND_MESSAGES = 1 << 11
VIEW_CHANNEL = 1 << 10
EMBED_LINKS = 1 << 14
EVERYDAY = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS
ADMIN_PERMS = EVERYDAY | MANAGE_GUILD

_ids = itertools.count(1_000_000_000_000_000_000)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py only decodes bodies whose content type is exactly application/json.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


async def _body(request: web.Request) -> Any:
    if request.content_type != "application/json" or not request.body_exists:
        return None
    raw = await request.read()  # cached by aiohttp after the first read
    return json.loads(raw) if raw else None


def snowflake() -> str:
    return str(next(_ids))


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


def _bot_user() -> dict[str, Any]:
    return {
        "id": str(APP_ID),
        "username": "wirewatch",
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "bot": True,
        "flags": 0,
        "public_flags": 0,
    }


@dataclass
class Call:
    method: str
    path: str
    json: Any
    query: dict[str, str]
    status: int = 200
    auth: str | None = None  # the Authorization header: which bot (token) called


@dataclass
class MessageEdit:
    """One edit Discord applied to a channel message: the PATCH body as sent."""

    channel_id: int
    message_id: int
    json: dict[str, Any]


@dataclass
class FakeGuild:
    id: int
    name: str
    channel_ids: list[int]
    everyone_permissions: int = EVERYDAY  # the @everyone role, which the bot holds too
    # channel id -> Discord permission overwrites (role id == guild id: @everyone)
    overwrites: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    def deny(self, channel_id: int, permissions: int) -> None:
        """Deny @everyone (and so the bot) these permissions in one channel (0: deny nothing)."""
        self.overwrites[channel_id] = (
            [{"id": str(self.id), "type": 0, "allow": "0", "deny": str(permissions)}]
            if permissions
            else []
        )

    def channel(self, channel_id: int) -> dict[str, Any]:
        return next(c for c in self.payload()["channels"] if c["id"] == str(channel_id))

    def payload(self) -> dict[str, Any]:
        channels: list[dict[str, Any]] = [
            {
                "id": str(cid),
                "type": 0,
                "name": f"chan-{i}",
                "position": i,
                "guild_id": str(self.id),
                "permission_overwrites": self.overwrites.get(cid, []),
                "nsfw": False,
                "parent_id": None,
                "topic": None,
            }
            for i, cid in enumerate(self.channel_ids)
        ]
        roles = [
            {
                "id": str(self.id),
                "name": "@everyone",
                "permissions": str(self.everyone_permissions),
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            }
        ]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "owner_id": str(USER_ID),
            "features": [],
            "roles": roles,
            "emojis": [],
            "stickers": [],
            "channels": channels,
            "threads": [],
            # Discord always sends the bot's own member, even without the members intent.
            "members": [
                {
                    "user": _bot_user(),
                    "roles": [],
                    "joined_at": _now_iso(),
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                }
            ],
            "member_count": 2,
            "large": False,
            "unavailable": False,
            "joined_at": _now_iso(),
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "system_channel_flags": 0,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "afk_timeout": 300,
        }


@dataclass
class Reply:
    """What the bot did with one interaction: its callback, then edits and followups."""

    interaction_id: str
    callback: dict[str, Any] | None = None
    edits: list[dict[str, Any]] = field(default_factory=list)
    followups: list[dict[str, Any]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    original_deleted: bool = False

    @property
    def type(self) -> int | None:
        return None if self.callback is None else self.callback["type"]

    @property
    def deferred(self) -> bool:
        return self.type in (5, 6)

    def messages(self) -> list[dict[str, Any]]:
        """Every message body the user saw, in order (callback data, edits, followups)."""
        out = []
        if self.callback is not None and self.callback.get("data") and self.type in (4, 7):
            out.append(self.callback["data"])
        return out + self.edits + self.followups

    @property
    def final(self) -> dict[str, Any]:
        msgs = self.messages()
        return msgs[-1] if msgs else {}

    @property
    def ephemeral(self) -> bool:
        if self.callback is None:
            return False
        flags = (self.callback.get("data") or {}).get("flags", 0) or 0
        return bool(flags & 64)

    def text(self) -> str:
        """All visible text (content and embeds) of every message, for content assertions."""
        parts: list[str] = []
        for m in self.messages():
            parts.append(m.get("content") or "")
            for e in m.get("embeds") or []:
                parts += [
                    e.get("title", ""),
                    e.get("description", ""),
                    (e.get("footer") or {}).get("text", ""),
                    (e.get("author") or {}).get("name", ""),
                ]
                for f in e.get("fields", []):
                    parts += [f.get("name", ""), f.get("value", "")]
        return "\n".join(p for p in parts if p)

    def choices(self) -> list[dict[str, Any]]:
        assert self.type == 8, f"not an autocomplete answer: {self.callback}"
        return list(self.callback["data"]["choices"]) if self.callback else []


class FakeDiscord:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.commands: list[dict[str, Any]] = []
        self.guilds: dict[int, FakeGuild] = {}
        self.messages: dict[int, list[dict[str, Any]]] = defaultdict(list)
        # (method, path prefix) -> remaining 429s to return
        self.rate_limits: dict[tuple[str, str], int] = {}
        self.retry_after = 0.05
        self.channel_errors: dict[int, int] = {}  # channel id -> 403 / 404
        # channel id -> {n: fault}: the channel's n-th POST (1-based) answers that status (a 4xx
        # as an invalid embed would), "disconnect" drops the connection without an answer, or
        # "hang" never answers (until the server stops): a Discord too slow to reply.
        self.post_faults: dict[int, dict[int, int | str]] = defaultdict(dict)
        # Embed titles Discord refuses (400 Invalid Form Body) every time, as it would a
        # malformed embed (a bad URL, say): a message carrying one is never accepted.
        self.rejected_titles: set[str] = set()
        self._post_attempts: dict[int, int] = defaultdict(int)
        # Seconds a channel message POST waits after Discord created the message, before it
        # answers: a slow link, where a client that dies meanwhile never learns the message id.
        self.post_delay = 0.0
        # As Discord does for `enforce_nonce`: a POST repeating a nonce gets the message that
        # nonce created, and no new message (Discord remembers nonces for a few minutes).
        self._nonces: dict[str, dict[str, Any]] = {}
        # Applied edits of channel messages, in order (failed attempts are only in `calls`).
        self.edits: list[MessageEdit] = []
        # channel id -> {n: fault}: the channel's n-th message PATCH, as `post_faults` for POSTs.
        self.edit_faults: dict[int, dict[int, int | str]] = defaultdict(dict)
        self._edit_attempts: dict[int, int] = defaultdict(int)
        self.replies: dict[str, Reply] = {}
        self._callback_messages: dict[str, dict[str, Any]] = {}
        self.identified = asyncio.Event()
        self.synced = asyncio.Event()
        self.message_posted = asyncio.Event()
        self.message_edited = asyncio.Event()
        self.hanging = asyncio.Event()  # set while a "hang" fault holds a request
        self._release = asyncio.Event()
        self._sockets: list[web.WebSocketResponse] = []
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------
    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    def add_guild(
        self, guild_id: int, name: str = "guild", channel_ids: list[int] | None = None
    ) -> FakeGuild:
        g = FakeGuild(guild_id, name, channel_ids or [guild_id + 1, guild_id + 2])
        self.guilds[guild_id] = g
        return g

    async def start(self) -> None:
        app = web.Application(middlewares=[self._record])
        r = app.router
        r.add_get("/gateway", self._gateway)
        api = "/api/v10"
        r.add_get(api + "/gateway/bot", self._gateway_bot)
        r.add_get(api + "/gateway", self._gateway_bot)
        r.add_get(api + "/users/@me", self._me)
        r.add_get(api + "/oauth2/applications/@me", self._application)
        r.add_put(api + "/applications/{app}/commands", self._bulk_commands)
        r.add_get(api + "/applications/{app}/commands", self._get_commands)
        r.add_put(api + "/applications/{app}/guilds/{guild}/commands", self._bulk_commands)
        r.add_post(api + "/interactions/{iid}/{token}/callback", self._callback)
        r.add_route("*", api + "/webhooks/{app}/{token}/messages/{mid}", self._webhook_message)
        r.add_post(api + "/webhooks/{app}/{token}", self._followup)
        r.add_post(api + "/channels/{cid}/messages", self._channel_message)
        r.add_patch(api + "/channels/{cid}/messages/{mid}", self._edit_channel_message)
        r.add_get(api + "/channels/{cid}", self._channel)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        self._release.set()
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- inspection -----------------------------------------------------------------------
    def calls_to(self, method: str, path_part: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and path_part in c.path]

    def posted(self, channel_id: int) -> list[dict[str, Any]]:
        return self.messages[channel_id]

    def forget_nonces(self) -> None:
        """As Discord does minutes after a post: a nonce used before no longer finds its
        message, so a repeat of that POST creates a second one."""
        self._nonces.clear()

    def edited(self, channel_id: int) -> list[MessageEdit]:
        return [e for e in self.edits if e.channel_id == channel_id]

    async def wait_for_messages(
        self, channel_id: int, count: int = 1, wait_s: float = 10
    ) -> list[dict[str, Any]]:
        async def until() -> None:
            while len(self.messages[channel_id]) < count:
                self.message_posted.clear()
                await self.message_posted.wait()

        await asyncio.wait_for(until(), wait_s)
        return self.messages[channel_id]

    # -- REST -----------------------------------------------------------------------------
    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        body: Any = None
        if request.body_exists:
            raw = await request.read()
            if request.content_type == "application/json":
                body = json.loads(raw) if raw else None
            elif request.content_type.startswith("multipart"):
                body = {"multipart": raw.decode(errors="replace")}
        call = Call(
            request.method,
            request.path,
            body,
            dict(request.query),
            auth=request.headers.get("Authorization"),
        )
        self.calls.append(call)
        for (method, prefix), left in self.rate_limits.items():
            if (
                left > 0
                and request.method == method
                and request.path.startswith("/api/v10" + prefix)
            ):
                self.rate_limits[(method, prefix)] = left - 1
                call.status = 429
                return _json(
                    {
                        "message": "You are being rate limited.",
                        "retry_after": self.retry_after,
                        "global": False,
                    },
                    status=429,
                    headers={
                        "Retry-After": str(self.retry_after),
                        "X-RateLimit-Limit": "5",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset-After": str(self.retry_after),
                        "X-RateLimit-Bucket": "fakebucket",
                        "X-RateLimit-Scope": "user",
                        "Via": "1.1 google",  # discord.py treats a 429 without Via as a Cloudflare ban
                    },
                )
        if problem := _invalid_message(body):
            call.status = 400
            return _json({"message": "Invalid Form Body", "code": 50035, "errors": problem}, 400)
        resp: web.StreamResponse = await handler(request)
        call.status = resp.status
        return resp

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        return _json(
            {
                "url": f"ws://127.0.0.1:{self.port}/gateway",
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    def _bot_user(self) -> dict[str, Any]:
        return _bot_user()

    async def _me(self, request: web.Request) -> web.Response:
        return _json(self._bot_user())

    async def _application(self, request: web.Request) -> web.Response:
        return _json(
            {
                "id": str(APP_ID),
                "name": "wirewatch",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": 0,
                "owner": {
                    "id": str(USER_ID),
                    "username": "owner",
                    "discriminator": "0",
                    "avatar": None,
                },
                "team": None,
                "summary": "",
                "rpc_origins": [],
                "interactions_endpoint_url": None,
            }
        )

    async def _bulk_commands(self, request: web.Request) -> web.Response:
        body = (await _body(request)) or []
        self.commands = [
            {**c, "id": snowflake(), "application_id": str(APP_ID), "version": snowflake()}
            for c in body
        ]
        self.synced.set()
        return _json(self.commands)

    async def _get_commands(self, request: web.Request) -> web.Response:
        return _json(self.commands)

    def _message(
        self, body: dict[str, Any], channel_id: int | str, *, flags: int = 0
    ) -> dict[str, Any]:
        return {
            "id": snowflake(),
            "channel_id": str(channel_id),
            "type": 0,
            "author": self._bot_user(),
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "attachments": [],
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "flags": body.get("flags", flags) or 0,
        }

    async def _callback(self, request: web.Request) -> web.Response:
        iid = request.match_info["iid"]
        body = (await _body(request)) or {}
        reply = self.replies.setdefault(iid, Reply(iid))
        reply.callback = body
        reply.changed.set()
        data = body.get("data") or {}
        msg = self._message(data, 0)
        self._callback_messages[iid] = msg
        return _json(
            {
                "interaction": {
                    "id": iid,
                    "type": 2,
                    "response_message_id": msg["id"],
                    "response_message_loading": body.get("type") == 5,
                    "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
                },
                "resource": {"type": body.get("type"), "message": msg},
            }
        )

    def callback_message(self, reply: Reply) -> dict[str, Any]:
        """The message the bot's callback created, as Discord would show it on a button press."""
        return self._callback_messages[reply.interaction_id]

    def _reply_for_token(self, token: str) -> Reply | None:
        iid = token.removeprefix("tok-")
        return self.replies.get(iid)

    async def _webhook_message(self, request: web.Request) -> web.Response:
        reply = self._reply_for_token(request.match_info["token"])
        body = (await _body(request)) or {}
        if request.method == "PATCH" and reply is not None:
            reply.edits.append(body)
            reply.changed.set()
        if request.method == "DELETE":
            if reply is not None:
                reply.original_deleted = True
            return web.Response(status=204)
        return _json(self._message(body, 0))

    async def _followup(self, request: web.Request) -> web.Response:
        reply = self._reply_for_token(request.match_info["token"])
        body = (await _body(request)) or {}
        msg = self._message(body, 0)
        if reply is not None:
            placeholder = self._callback_messages.get(reply.interaction_id)
            if (
                reply.deferred
                and not reply.followups
                and not reply.original_deleted
                and placeholder is not None
            ):
                # As Discord does: the first followup after a defer fills the "thinking…"
                # message, so it keeps that message's id (the one a button press names).
                msg["id"] = placeholder["id"]
                self._callback_messages[reply.interaction_id] = msg
            reply.followups.append(body)
            reply.changed.set()
        return _json(msg)

    async def _channel_message(self, request: web.Request) -> web.Response:
        cid = int(request.match_info["cid"])
        if cid in self.channel_errors:
            return self._channel_error(cid)
        self._post_attempts[cid] += 1
        fault = self.post_faults[cid].pop(self._post_attempts[cid], None)
        if (failed := await self._fault(request, fault)) is not None:
            return failed
        body = (await _body(request)) or {}
        if self._rejects(body):
            return _json(_INVALID_EMBED, status=400)
        nonce = str(body["nonce"]) if body.get("enforce_nonce") and "nonce" in body else None
        if nonce is not None and nonce in self._nonces:
            return _json(self._nonces[nonce])
        msg = self._message(body, cid)
        self.messages[cid].append({**body, "id": msg["id"]})
        if nonce is not None:
            self._nonces[nonce] = msg
        self.message_posted.set()
        if self.post_delay:
            await asyncio.sleep(self.post_delay)
        return _json(msg)

    async def _edit_channel_message(self, request: web.Request) -> web.Response:
        cid, mid = int(request.match_info["cid"]), request.match_info["mid"]
        if cid in self.channel_errors:
            return self._channel_error(cid)
        self._edit_attempts[cid] += 1
        fault = self.edit_faults[cid].pop(self._edit_attempts[cid], None)
        if (failed := await self._fault(request, fault)) is not None:
            return failed
        stored = next((m for m in self.messages[cid] if m["id"] == mid), None)
        if stored is None:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        body = (await _body(request)) or {}
        if self._rejects(body):
            return _json(_INVALID_EMBED, status=400)
        stored.update(body)  # as Discord does, fields the PATCH names replace the old ones
        self.edits.append(MessageEdit(cid, int(mid), body))
        self.message_edited.set()
        return _json({**self._message(stored, cid), "id": mid, "edited_timestamp": _now_iso()})

    async def _fault(self, request: web.Request, fault: int | str | None) -> web.Response | None:
        """The answer a scripted fault gives instead of the real one (None: no fault)."""
        if fault == "disconnect":
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=499)  # never reaches the client
        if fault == "hang":
            self.hanging.set()
            await self._release.wait()
            return web.Response(status=499)
        if isinstance(fault, int) and 400 <= fault < 500:
            return _json(_INVALID_EMBED, status=fault)
        if isinstance(fault, int):
            return _json({"message": "Service Unavailable", "code": 0}, status=fault)
        return None

    def _rejects(self, body: dict[str, Any]) -> bool:
        return any(e.get("title") in self.rejected_titles for e in body.get("embeds") or [])

    def _channel_error(self, cid: int) -> web.Response:
        status = self.channel_errors[cid]
        code, text = (50013, "Missing Permissions") if status == 403 else (10003, "Unknown Channel")
        return _json({"message": text, "code": code}, status=status)

    async def _channel(self, request: web.Request) -> web.Response:
        cid = int(request.match_info["cid"])
        if cid in self.channel_errors:
            return self._channel_error(cid)
        for g in self.guilds.values():
            if cid in g.channel_ids:
                return _json(g.channel(cid))
        return _json({"message": "Unknown Channel", "code": 10003}, status=404)

    # -- gateway --------------------------------------------------------------------------
    async def _send(self, ws: web.WebSocketResponse, op: int, d: Any, t: str | None = None) -> None:
        payload: dict[str, Any] = {"op": op, "d": d, "s": None, "t": t}
        if op == 0:
            self._seq += 1
            payload["s"] = self._seq
        await ws.send_str(json.dumps(payload))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await self._send(ws, 10, {"heartbeat_interval": 41250})
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                data = json.loads(msg.data)
                op = data.get("op")
                if op == 1:
                    await self._send(ws, 11, None)
                elif op == 2:
                    await self._identify(ws, data["d"])
                elif op == 6:
                    await self._send(ws, 0, {}, "RESUMED")
        finally:
            self._sockets.remove(ws)
        return ws

    async def _identify(self, ws: web.WebSocketResponse, d: dict[str, Any]) -> None:
        self.intents = d.get("intents")
        # A sharded bot identifies once per shard and hears of that shard's guilds only.
        shard, count = d.get("shard") or [0, 1]
        guilds = [g for gid, g in self.guilds.items() if (gid >> 22) % count == shard]
        await self._send(
            ws,
            0,
            {
                "v": 10,
                "user": self._bot_user(),
                "session_id": "fake-session",
                "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gateway",
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "application": {"id": str(APP_ID), "flags": 0},
                "shard": [shard, count],
            },
            "READY",
        )
        for g in guilds:
            await self._send(ws, 0, g.payload(), "GUILD_CREATE")
        self.identified.set()

    async def deny_in_channel(self, guild_id: int, channel_id: int, permissions: int) -> None:
        """Change a channel's overwrites and tell the bot, as Discord does (CHANNEL_UPDATE).

        The gateway is one ordered stream, so an interaction dispatched afterwards is handled
        with the updated channel."""
        guild = self.guilds[guild_id]
        guild.deny(channel_id, permissions)
        await self.dispatch("CHANNEL_UPDATE", guild.channel(channel_id))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        for ws in self._sockets:
            await self._send(ws, 0, data, event)

    # -- interactions -----------------------------------------------------------------------
    def _command_id(self, name: str) -> str:
        for c in self.commands:
            if c["name"] == name:
                return str(c["id"])
        raise KeyError(f"command /{name} was not synced")

    def interaction_payload(
        self,
        itype: int,
        data: dict[str, Any],
        *,
        guild_id: int,
        channel_id: int | None = None,
        permissions: int = ADMIN_PERMS,
        user_id: int = USER_ID,
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        iid = snowflake()
        channel_id = channel_id or self.guilds[guild_id].channel_ids[0]
        payload: dict[str, Any] = {
            "id": iid,
            "application_id": str(APP_ID),
            "type": itype,
            "data": data,
            "guild_id": str(guild_id),
            "channel_id": str(channel_id),
            "channel": {
                "id": str(channel_id),
                "type": 0,
                "name": "chan",
                "guild_id": str(guild_id),
                "position": 0,
                "permission_overwrites": [],
            },
            "member": {
                "user": {
                    "id": str(user_id),
                    "username": "member",
                    "discriminator": "0",
                    "avatar": None,
                    "global_name": "Member",
                },
                "roles": [],
                "joined_at": _now_iso(),
                "permissions": str(permissions),
                "flags": 0,
                "deaf": False,
                "mute": False,
                "nick": None,
            },
            "token": f"tok-{iid}",
            "version": 1,
            "locale": "en-US",
            "guild_locale": "en-US",
            "app_permissions": str(EVERYDAY),
            "entitlements": [],
            "attachment_size_limit": 8_388_608,
            "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0,
        }
        if message is not None:
            payload["message"] = message
        return payload

    async def interact(
        self, payload: dict[str, Any], *, wait_final: bool = True, wait_s: float = 10
    ) -> Reply:
        """Dispatch INTERACTION_CREATE; return once the bot has answered (past any defer)."""
        reply = self.replies.setdefault(payload["id"], Reply(payload["id"]))
        await self.dispatch("INTERACTION_CREATE", payload)

        async def answered() -> None:
            while reply.callback is None or (
                wait_final and reply.deferred and not (reply.edits or reply.followups)
            ):
                reply.changed.clear()
                await reply.changed.wait()

        await asyncio.wait_for(answered(), wait_s)
        return reply

    async def command(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        guild_id: int,
        sub: str | None = None,
        permissions: int = ADMIN_PERMS,
        resolved: dict[str, Any] | None = None,
        channel_id: int | None = None,
        wait_s: float = 10,
    ) -> Reply:
        """Run /name [sub] with options (name -> value); option types come from the synced schema."""
        data = self._command_data(name, options or {}, sub=sub, focused=None)
        channels = {
            str(o["value"]): {
                "id": str(o["value"]),
                "type": 0,
                "name": f"chan-{o['value']}",
                "guild_id": str(guild_id),
                "permissions": str(EVERYDAY),
                "position": 0,
                "permission_overwrites": [],
            }
            for o in _leaf_options(data)
            if o["type"] == 7
        }
        if channels:
            data["resolved"] = {"channels": channels}
        if resolved:
            data["resolved"] = resolved
        payload = self.interaction_payload(
            2, data, guild_id=guild_id, permissions=permissions, channel_id=channel_id
        )
        return await self.interact(payload, wait_s=wait_s)

    async def autocomplete(
        self,
        name: str,
        focused: str,
        value: str,
        *,
        guild_id: int,
        sub: str | None = None,
        others: dict[str, Any] | None = None,
        permissions: int = ADMIN_PERMS,
    ) -> Reply:
        opts = {**(others or {}), focused: value}
        data = self._command_data(name, opts, sub=sub, focused=focused)
        payload = self.interaction_payload(4, data, guild_id=guild_id, permissions=permissions)
        return await self.interact(payload)

    async def click(self, message: dict[str, Any], custom_id: str, *, guild_id: int) -> Reply:
        """Press a button on a message the bot sent (message: the server's message payload)."""
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self.interaction_payload(3, data, guild_id=guild_id, message=message)
        return await self.interact(payload)

    def _command_data(
        self, name: str, values: dict[str, Any], *, sub: str | None, focused: str | None
    ) -> dict[str, Any]:
        cmd = next((c for c in self.commands if c["name"] == name), None)
        if cmd is None:
            raise KeyError(f"command /{name} was not synced")
        schema = cmd.get("options", [])
        if sub is not None:
            sub_schema = next(o for o in schema if o["name"] == sub)
            schema = sub_schema.get("options", [])
        types = {o["name"]: o["type"] for o in schema}
        opts: list[dict[str, Any]] = []
        for key, value in values.items():
            if key not in types:
                raise KeyError(f"/{name} has no option {key!r} (has {sorted(types)})")
            o: dict[str, Any] = {"name": key, "type": types[key], "value": value}
            if key == focused:
                o["focused"] = True
            opts.append(o)
        if sub is not None:
            opts = [{"name": sub, "type": 1, "options": opts}]
        return {
            "id": self._command_id(name),
            "name": name,
            "type": 1,
            "options": opts,
            "guild_id": None,
        }


_INVALID_EMBED = {
    "message": "Invalid Form Body",
    "code": 50035,
    "errors": {"embeds": {"0": {"url": {"_errors": [{"code": "URL_TYPE_INVALID_URL"}]}}}},
}


def _invalid_message(body: Any) -> str | None:
    """Discord's message limits, so an over-long answer fails here as it would there."""
    if not isinstance(body, dict):
        return None
    data = body.get("data")  # an interaction callback wraps its message in "data"
    message: dict[str, Any] = data if isinstance(data, dict) else body
    if len(message.get("content") or "") > 2000:
        return "content: Must be 2000 or fewer in length."
    if len(message.get("embeds") or []) > 10:
        return "embeds: Must be 10 or fewer in length."
    return None


def _leaf_options(data: dict[str, Any]) -> list[dict[str, Any]]:
    opts = data.get("options", [])
    if opts and opts[0]["type"] in (1, 2):
        return _leaf_options(opts[0])
    return list(opts)
