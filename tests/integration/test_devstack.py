"""The embedded stack itself: mail sink, broker, S3 credentials, PostgreSQL, persistence.

Uses the session fixture `stack` (an EmbeddedStack on free ports in a temp dir).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import signal
import sys
import uuid
from email.header import Header
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from minio import Minio
from minio.error import S3Error
from residency_devstack import EmbeddedStack, StackPorts
from residency_devstack.mailsink import MailSink
from residency_devstack.mailstore import parse_message
from residency_devstack.proc import StartupError
from residency_devstack.s3 import BUCKETS
from residency_devstack.stack import SERVICES
from residency_devstack.supervisor import ServiceProcess

# Tansu makes a joining member wait about session_timeout/2: keep it short in tests.
FAST_GROUP = {"session_timeout_ms": 2000, "heartbeat_interval_ms": 500}


def bilingual_mail(to: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "在留オンライン <no-reply@residency.example>"
    msg["To"] = f"申請者 <{to}>"
    msg["Subject"] = "在留資格認定証明書の交付について / Your certificate of eligibility"
    msg["Message-ID"] = f"<{uuid.uuid4().hex}@residency.example>"
    msg.set_content("申請番号: A-123\nApplication A-123 was accepted.\n", charset="utf-8")
    msg.add_alternative("<p>申請番号: <b>A-123</b> &amp; accepted</p>", subtype="html")
    msg.add_attachment(b"%PDF-1.7 test", maintype="application", subtype="pdf",
                       filename="通知書.pdf")  # fmt: skip
    return msg


async def send(port: int, msg: EmailMessage) -> None:
    await aiosmtplib.send(msg, hostname="127.0.0.1", port=port, timeout=10)


async def messages(api: str, to: str) -> list[dict]:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(f"{api}/api/messages", params={"to": to})
        response.raise_for_status()
        return list(response.json())


async def test_mail_sink_keeps_and_decodes_a_bilingual_message(stack: EmbeddedStack) -> None:
    to = f"applicant-{uuid.uuid4().hex[:8]}@example.com"
    await send(stack.smtp_port, bilingual_mail(to))

    [message] = await messages(stack.mail_api_url, to)
    assert (
        message["subject"] == "在留資格認定証明書の交付について / Your certificate of eligibility"
    )
    assert message["from"] == "在留オンライン <no-reply@residency.example>"
    assert message["to"] == [to]
    assert "申請番号: A-123" in message["text"]
    assert "<b>A-123</b>" in message["html"]
    assert message["message_id"].endswith("@residency.example>")
    assert dt.datetime.fromisoformat(message["received_at"]).utcoffset() == dt.timedelta(0)
    assert message["attachments"] == [
        {"filename": "通知書.pdf", "content_type": "application/pdf", "size": 13}
    ]
    async with httpx.AsyncClient(timeout=10) as client:
        page = await client.get(f"{stack.mail_api_url}/")
        assert (await client.get(f"{stack.mail_api_url}/healthz")).status_code == 200
    assert page.status_code == 200
    assert "在留資格認定証明書の交付について" in page.text
    assert "<b>A-123</b>" not in page.text  # the HTML body is escaped into a sandboxed iframe


async def test_mail_sink_in_process_persists_and_clears(tmp_path: Path) -> None:
    ports = StackPorts.free()
    async with MailSink(tmp_path, ports.smtp, ports.mail_http) as sink:
        await send(ports.smtp, bilingual_mail("a@example.com"))
    async with MailSink(tmp_path, ports.smtp, ports.mail_http) as sink:  # survives restart
        assert len(await messages(sink.api_url, "a@example.com")) == 1
        assert await messages(sink.api_url, "nobody@example.com") == []
        async with httpx.AsyncClient() as client:
            assert (await client.delete(f"{sink.api_url}/api/messages")).status_code == 204
        assert await messages(sink.api_url, "a@example.com") == []


async def test_mail_sink_filters_and_counts_without_shipping_every_message(
        tmp_path: Path) -> None:
    ports = StackPorts.free()
    async with MailSink(tmp_path, ports.smtp, ports.mail_http) as sink:
        for to, subject in ((["b-1@example.com", "office@example.ac.jp"], "受付仮番号 / No."),
                            (["b-2@example.com"], "受付仮番号 / No."),
                            (["b-2@example.com"], "整理番号 / Ref."),
                            (["c-1@example.com"], "受付仮番号 / No.")):
            msg = bilingual_mail(to[0])
            del msg["Subject"], msg["To"]
            msg["Subject"], msg["To"] = subject, ", ".join(to)
            await send(ports.smtp, msg)
        wanted = {"subject": "受付仮番号", "to_prefix": "B-"}
        async with httpx.AsyncClient(timeout=10) as client:
            listed = (await client.get(f"{sink.api_url}/api/messages", params=wanted)).json()
            count = (await client.get(f"{sink.api_url}/api/messages/count", params=wanted)).json()
    assert sorted(m["to"][0] for m in listed) == ["b-1@example.com", "b-2@example.com"]
    assert count == {"messages": 2, "recipients": 2}  # office@ is not a b- recipient


async def round_trip(bootstrap: str, topic: str, group: str, value: bytes) -> bytes:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, key=b"k")
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group,
                                auto_offset_reset="earliest", enable_auto_commit=False,
                                **FAST_GROUP)  # fmt: skip
    await consumer.start()
    try:
        record = await asyncio.wait_for(consumer.getone(), 30)
        await consumer.commit()
        return bytes(record.value or b"")
    finally:
        await consumer.stop()


async def create_topic(bootstrap: str, topic: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1)])
    finally:
        await admin.close()


async def test_broker_round_trips_through_a_consumer_group(stack: EmbeddedStack) -> None:
    topic = f"devstack-{uuid.uuid4().hex[:8]}"
    await create_topic(stack.kafka_bootstrap, topic)
    assert await round_trip(stack.kafka_bootstrap, topic, "g1", "こんにちは".encode()) == (
        "こんにちは".encode()
    )


def test_s3_is_closed_with_credentials(stack: EmbeddedStack) -> None:
    good = Minio(stack.s3_endpoint, stack.s3_access_key, stack.s3_secret_key, secure=False)
    assert set(BUCKETS) <= {b.name for b in good.list_buckets()}
    good.put_object("quarantine", "t.txt", io.BytesIO(b"hi"), 2)
    assert good.get_object("quarantine", "t.txt").read() == b"hi"

    bad = Minio(stack.s3_endpoint, stack.s3_access_key, "wrong-secret", secure=False)
    with pytest.raises(S3Error) as err:
        bad.get_object("quarantine", "t.txt")
    assert err.value.code == "SignatureDoesNotMatch"
    assert httpx.get(f"http://{stack.s3_endpoint}/quarantine/t.txt").status_code == 403


async def test_each_service_database_accepts_its_url(stack: EmbeddedStack) -> None:
    for service in SERVICES:
        env = stack.service_env(service)
        url = env[f"{service.upper()}_DATABASE_URL"]
        conn = await asyncpg.connect(url, timeout=10)
        try:
            assert await conn.fetchval("SELECT current_database()") == service
        finally:
            await conn.close()
    wrong = stack.database_url("intake").replace(stack.credentials.postgres_password, "nope")
    with pytest.raises(asyncpg.InvalidPasswordError):
        await asyncpg.connect(wrong, timeout=10)


def test_service_env_follows_the_convention(stack: EmbeddedStack) -> None:
    env = stack.service_env("notify")
    assert env == {
        "NOTIFY_KAFKA_BOOTSTRAP": stack.kafka_bootstrap,
        "NOTIFY_DATABASE_URL": stack.database_url("notify"),
        "NOTIFY_S3_ENDPOINT": stack.s3_endpoint,
        "NOTIFY_S3_ACCESS_KEY": stack.s3_access_key,
        "NOTIFY_S3_SECRET_KEY": stack.s3_secret_key,
        "NOTIFY_S3_SECURE": "false",
        "NOTIFY_SMTP_HOST": "127.0.0.1",
        "NOTIFY_SMTP_PORT": str(stack.smtp_port),
    }
    assert not stack.s3_endpoint.startswith("http")


async def test_state_survives_a_stack_restart(tmp_path: Path) -> None:
    """Topics, committed offsets, tables and mail are all still there after stop/start."""
    data, ports = tmp_path / "stack", StackPorts.free()
    topic = "persist"
    with EmbeddedStack(data, ports, durable=True) as first:
        secret = first.s3_secret_key
        await create_topic(first.kafka_bootstrap, topic)
        assert await round_trip(first.kafka_bootstrap, topic, "g", b"one") == b"one"
        conn = await asyncpg.connect(first.database_url("intake"))
        await conn.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('x')")
        await conn.close()
        await send(first.smtp_port, bilingual_mail("keep@example.com"))
        first.restart("broker", kill=True)  # SIGKILL: topics and offsets are in S3
        assert await round_trip(first.kafka_bootstrap, topic, "g", b"after-kill") == b"after-kill"
    with EmbeddedStack(data, ports, durable=True) as second:
        assert second.s3_secret_key == secret
        assert (data / "secrets.json").stat().st_mode & 0o777 == 0o600
        # the committed offset is kept: the group now sees only the new record
        assert await round_trip(second.kafka_bootstrap, topic, "g", b"two") == b"two"
        conn = await asyncpg.connect(second.database_url("intake"))
        assert await conn.fetchval("SELECT v FROM kept") == "x"
        await conn.close()
        assert len(await messages(second.mail_api_url, "keep@example.com")) == 1


def test_iso_2022_jp_and_quoted_printable_mail_is_decoded() -> None:
    name = Header("在留", "iso-2022-jp").encode()
    subject = Header("在留資格", "iso-2022-jp").encode()
    head = (
        f"From: {name} <a@example.jp>\r\nTo: b@example.jp\r\nSubject: {subject}\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=XX\r\n\r\n"
        "--XX\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n"
    )
    html = "<p>在留資格</p>".encode().decode("latin-1")  # QP-encode the UTF-8 bytes below
    qp = "".join(c if c.isascii() else f"={ord(c):02X}" for c in html)
    raw = (
        head.encode() + "在留資格\r\n".encode("iso-2022-jp")
        + b"--XX\r\nContent-Type: text/html; charset=utf-8\r\n"
        + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n" + qp.encode() + b"\r\n--XX--\r\n"
    )  # fmt: skip
    message = parse_message(raw, "a@example.jp", ["b@example.jp"])
    assert message["subject"] == "在留資格"
    assert message["from"] == "在留 <a@example.jp>"
    assert message["text"].strip() == "在留資格"
    assert message["html"].strip() == "<p>在留資格</p>"


READY_SERVER = """
import http.server, os
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/readyz" else 404); self.end_headers()
    def log_message(self, *a): print(*a, flush=True)
http.server.HTTPServer(("127.0.0.1", int(os.environ["DEMO_HTTP_PORT"])), H).serve_forever()
"""


def test_service_process_start_kill_restart_stop(tmp_path: Path) -> None:
    port = StackPorts.free().mail_http
    service = ServiceProcess(
        "demo", [sys.executable, "-c", READY_SERVER], {"DEMO_HTTP_PORT": str(port)},
        f"http://127.0.0.1:{port}/readyz", tmp_path / "demo.log",
    )  # fmt: skip
    service.start()
    service.wait_ready(15)
    service.kill(signal.SIGKILL)
    assert not service.alive() and service.returncode == -signal.SIGKILL
    service.start()
    service.wait_ready(15)
    assert service.stop(5) == -signal.SIGTERM

    broken = ServiceProcess("broken", [sys.executable, "-c", "raise SystemExit('no config')"],
                            {}, f"http://127.0.0.1:{port}/readyz", tmp_path / "broken.log")  # fmt: skip
    broken.start()
    with pytest.raises(StartupError, match="(?s)broken exited with code 1.*no config"):
        broken.wait_ready(15)


def _exposed(root: Path) -> list[str]:
    """Paths under `root` that others than the owner may read or write (directories may keep
    an execute-only bit: postgres, run as another user under root, must traverse DATA)."""
    found = []
    for path in [root, *root.rglob("*")]:
        if path.is_symlink() or path.is_socket():
            continue
        mode = path.stat().st_mode & 0o777
        if path.suffix == ".vif" and path.parent == root / "s3":
            continue  # SeaweedFS sets 0644 on its volume-info files itself: s3/ (0700) hides them
        if mode & (0o066 if path.is_dir() else 0o077):
            found.append(f"{path.relative_to(root)} {mode:o}")
    return found


async def test_mail_objects_and_logs_in_the_data_directory_are_the_owners_only(
        stack: EmbeddedStack) -> None:
    to = f"perm-{uuid.uuid4().hex[:8]}@example.com"
    await send(stack.smtp_port, bilingual_mail(to))
    client = Minio(stack.s3_endpoint, stack.s3_access_key, stack.s3_secret_key, secure=False)
    client.put_object("quarantine", f"perm/{uuid.uuid4()}", io.BytesIO(b"sample"), 6)
    assert await messages(stack.mail_api_url, to)  # stored
    data = stack.data_dir
    assert (data / "mail" / "messages.jsonl").is_file() and (data / "s3").is_dir()
    assert data.stat().st_mode & 0o777 in (0o700, 0o701)  # o+x: postgres run as another user
    assert (data / "s3").stat().st_mode & 0o777 == 0o700
    assert _exposed(data) == []


async def test_a_data_directory_made_with_the_default_umask_is_closed_on_start(
        tmp_path: Path) -> None:
    """An existing `.data` from before (0755 directories, 0644 mail) is closed by the stack
    and its mail sink: mail with passwords and links is not left readable by others."""
    data = tmp_path / "data"
    (data / "mail").mkdir(parents=True, mode=0o755)
    data.chmod(0o755)
    (data / "mail").chmod(0o755)
    EmbeddedStack(data, StackPorts.free())  # creating it touches nothing but DATA itself
    assert data.stat().st_mode & 0o777 == 0o700
    sink = MailSink(data, 0, 0)
    sink.store.add(bilingual_mail("a@example.com").as_bytes(), "no-reply@example.com",
                   ["a@example.com"])
    assert (data / "mail").stat().st_mode & 0o777 == 0o700
    assert (data / "mail" / "messages.jsonl").stat().st_mode & 0o777 == 0o600
