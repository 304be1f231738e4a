"""HTTP side of the mail sink: JSON API and a small HTML inbox (everything escaped)."""

from __future__ import annotations

import asyncio
import base64
import json
from html import escape
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .mailstore import MailStore

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
details{border:1px solid #ccc;border-radius:6px;margin:.5rem 0;padding:.5rem 1rem}
summary{cursor:pointer}.meta{color:#555;font-size:.9em}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.75rem}
iframe{width:100%;height:24rem;border:1px solid #ddd}
"""


# mail HTML is shown in a sandboxed srcdoc iframe: no scripts, no remote loads
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'"


def _message_html(m: dict[str, Any]) -> str:
    files = ", ".join(
        f"{escape(a['filename'])} ({escape(a['content_type'])}, {a['size']} B)"
        for a in m["attachments"]
    )
    html_part = (
        f'<iframe sandbox="" srcdoc="{escape(m["html"], quote=True)}"></iframe>'
        if m["html"] else ""
    )  # fmt: skip
    return (
        f"<details><summary><b>{escape(m['subject']) or '(no subject)'}</b> "
        f"<span class=meta>— {escape(m['from'])} → {escape(', '.join(m['to']))} "
        f"· {escape(m['received_at'])}</span></summary>"
        f"<p class=meta>Message-ID: {escape(m['message_id'])}"
        f"{' · attachments: ' + files if files else ''} · "
        f'<a href="/api/messages/{escape(m["id"])}/raw">raw</a></p>'
        f"<pre>{escape(m['text'])}</pre>{html_part}</details>"
    )


def build_app(store: MailStore) -> Starlette:
    async def inbox(request: Request) -> HTMLResponse:
        messages = list(reversed(store.messages(request.query_params.get("to"))))
        body = "".join(_message_html(m) for m in messages) or "<p>No messages yet.</p>"
        page = (
            "<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<title>Mail sink ({len(messages)})</title><style>{_STYLE}</style></head>"
            f"<body><h1>Mail sink — {len(messages)} message(s), newest first</h1>"
            f"{body}</body></html>"
        )
        return HTMLResponse(page, headers={"Content-Security-Policy": _CSP})

    def filters(request: Request) -> dict[str, str | None]:
        q = request.query_params
        return {"to": q.get("to"), "to_prefix": q.get("to_prefix"), "subject": q.get("subject")}

    async def list_messages(request: Request) -> Response:
        # encoded off the event loop: a long inbox must not hold up SMTP
        body = await asyncio.to_thread(
            lambda: json.dumps(store.messages(**filters(request)), ensure_ascii=False,
                               separators=(",", ":")))
        return Response(body, media_type="application/json")

    async def count_messages(request: Request) -> JSONResponse:
        return JSONResponse(store.count(**filters(request)))

    async def clear_messages(request: Request) -> Response:
        store.clear()
        return Response(status_code=204)

    async def raw_message(request: Request) -> Response:
        record = store.get(request.path_params["message_id"])
        if record is None:
            return PlainTextResponse("not found", status_code=404)
        return Response(base64.b64decode(record["raw"]), media_type="message/rfc822")

    async def healthz(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            Route("/", inbox),
            Route("/api/messages", list_messages, methods=["GET"]),
            Route("/api/messages/count", count_messages, methods=["GET"]),
            Route("/api/messages", clear_messages, methods=["DELETE"]),
            Route("/api/messages/{message_id}/raw", raw_message),
            Route("/healthz", healthz),
        ]
    )
