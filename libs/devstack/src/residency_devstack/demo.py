"""`make demo`: drive one EXT application through a running `make run`, printing each step."""

import asyncio
import json
import os
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer

from .samples import ext_content, jpeg_bytes, pdf_bytes
from .stack import EmbeddedStack
from .supervisor import run_env

INTAKE = os.environ.get("DEMO_INTAKE_URL", "http://127.0.0.1:8000")
INBOX = os.environ.get("DEMO_MAIL_URL", "http://127.0.0.1:8025")
KAFKA = os.environ.get("DEMO_KAFKA", "127.0.0.1:9092")


def step(text: str) -> None:
    print(f"\n== {text}", flush=True)


async def until(probe, what: str, timeout: float = 30):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not (value := await probe()):
        if time.monotonic() > deadline:
            sys.exit(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)
    return value


def create_staff(data_dir: Path, login_id: str, email: str, password: str) -> None:
    env = (
        os.environ
        | run_env(EmbeddedStack(data_dir), "intake", 8000)
        | {"RESIDENCY_STAFF_PASSWORD": password}
    )
    subprocess.run(
        [
            str(Path(sys.executable).parent / "residency-create-staff"),
            "--login-id",
            login_id,
            "--email",
            email,
            "--organization",
            "Demo University",
        ],
        env=env,
        check=True,
    )


async def main() -> None:
    login_id, email = f"demo-{uuid.uuid4().hex[:6]}", "intl-office@example.ac.jp"
    password = "Demo-" + secrets.token_urlsafe(9) + "1!"
    applicant = f"applicant-{uuid.uuid4().hex[:6]}@example.com"
    step(f"1. seed a staff account {login_id} and log in")
    create_staff(Path(os.environ.get("DEMO_DATA_DIR", ".data")), login_id, email, password)
    async with httpx.AsyncClient(base_url=INTAKE, timeout=30) as api:
        token = (
            await api.post("/auth/token", json={"login_id": login_id, "password": password})
        ).json()
        api.headers["Authorization"] = f"Bearer {token['access_token']}"
        step("2. create an EXT application, upload a PDF and a face photo")
        app = (
            await api.post(
                "/applications",
                json={"procedure": "EXT", "content": ext_content(notification_email=applicant)},
            )
        ).json()
        app_id = app["id"]
        print("application", app_id)
        for kind, data, name in (
            ("document", pdf_bytes(), "a.pdf"),
            ("photo", jpeg_bytes(), "face.jpg"),
        ):
            r = await api.post(
                f"/applications/{app_id}/attachments",
                params={"kind": kind},
                files={"file": (name, data)},
            )
            print(kind, r.status_code, r.json()["id"])

        async def checked():  # type: ignore[no-untyped-def]
            files = (await api.get(f"/applications/{app_id}")).json()["attachments"]
            return files if all(f["code"] for f in files) else None

        step("3. documents' verdicts")
        for f in await until(checked, "verdicts"):
            print(f["kind"], f["code"], f["message_en"])
        step("4. file it")
        filed = (await api.post(f"/applications/{app_id}/file")).json()
        print(json.dumps(filed, ensure_ascii=False, indent=1))

        async def numbered():  # type: ignore[no-untyped-def]
            view = (await api.get(f"/applications/{app_id}")).json()
            return view if view["provisional_receipt_number"] else None

        view = await until(numbered, "the provisional receipt number")
        step(
            f"5. status {view['status']} ({view['status_ja']}), "
            f"provisional receipt number {view['provisional_receipt_number']}"
        )
    async with httpx.AsyncClient(base_url=INBOX) as inbox:
        step(f"6. emails in the inbox ({INBOX})")
        for to in (email, applicant):
            for m in (await inbox.get("/api/messages", params={"to": to})).json():
                if filed["reference_number"] in m["text"] or filed["reference_password"] in m["text"]:
                    print(to, "|", m["subject"])
    step("7. events on residency.status.v1")
    consumer = AIOKafkaConsumer(
        "residency.status.v1",
        bootstrap_servers=KAFKA,
        auto_offset_reset="earliest",
        group_id=f"demo-{uuid.uuid4()}",
    )
    await consumer.start()
    try:
        batch = await consumer.getmany(timeout_ms=5000)
        for records in batch.values():
            for rec in records:
                if rec.key == app_id.encode():
                    print(rec.value.decode())
    finally:
        await consumer.stop()


if __name__ == "__main__":
    asyncio.run(main())
