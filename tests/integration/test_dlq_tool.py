"""residency-dlq against the real broker, with the consumer running in process.

examination: an approval that fails while the CESR signing key is missing is dead-lettered;
`list` and `show` tell the operator what and why (no payload unless asked); once the key is
there, `replay` puts it back and the approval happens once; a second replay is refused;
`--again` replays and the inbox makes it harmless.

notify: an email command sealed with a key notify does not hold is dead-lettered at once;
`show` prints no address unless asked; with the old key given back (key-rotation runbook) the
replay sends the email, and a repeat sends nothing (the send ledger)."""

import asyncio
import json
import os
import sys
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer
from residency_contracts import SendReferencePassword, dead_letter_topic
from residency_contracts.cesr import CesrParticulars
from residency_contracts.examiner import (
    ApproveApplication,
    RegisterCesrReceipt,
    TakeIntoExamination,
)
from residency_contracts.topics import APPLICATION_FILED, EXAMINATION_COMMANDS, SEND_EMAIL, STATUS
from residency_messaging import sealing
from residency_messaging.dlq import REPLAYED_FROM

from tests.helpers import TopicReader, mails, wait_for
from tests.integration.examination_kit import filing

DLQ = dead_letter_topic("examination")
CLI = str(Path(sys.executable).parent / "residency-dlq")
OPERATOR = "operator-on-call"


async def dlq(stack: Any, *args: str) -> tuple[int, str, str]:
    env = os.environ | {"RESIDENCY_DLQ_KAFKA_BOOTSTRAP": stack.kafka_bootstrap,
                        "RESIDENCY_DLQ_OPERATOR": OPERATOR}
    proc = await asyncio.create_subprocess_exec(
        CLI, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def send(producer: AIOKafkaProducer, topic: str, message: Any) -> None:
    await producer.send_and_wait(topic, message.model_dump_json().encode(),
                                 key=str(message.application_id).encode(),
                                 headers=[("event_type", type(message).__name__.encode())])


def coe_by_email() -> Any:
    return filing(datetime.now(UTC), "COE", certificate=CesrParticulars(
        receipt_method="email", latin_name="SAMPLE,HANAKO", nationality="VNM",
        date_of_birth=date(2001, 2, 3), sex="F", status_of_residence="student",
        period_of_stay="1 year", organization_name="Sample School"))


async def test_a_dead_letter_is_listed_shown_and_replayed_once_and_a_repeat_is_harmless(
        stack, service_env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    env = service_env("examination")
    signing_key = env["EXAMINATION_CESR_SIGNING_KEY"]
    monkeypatch.delenv("EXAMINATION_CESR_SIGNING_KEY")  # the dependency that is missing
    from residency_examination.app import create_app

    _, runtime = create_app()
    await runtime.start()
    producer = AIOKafkaProducer(bootstrap_servers=stack.kafka_bootstrap)
    await producer.start()
    try:
        event = coe_by_email()
        app_id = str(event.application_id)
        examiner = uuid.uuid4()

        def statuses(r: TopicReader) -> list[str]:
            return [v["status"] for v in r.values(STATUS.name) if v["application_id"] == app_id]

        def cesr_emails(r: TopicReader) -> list[dict[str, Any]]:
            return [v for v in r.values(SEND_EMAIL.name) if v.get("application_id") == app_id
                    and v.get("template") == "cesr_issued"]

        def dead(r: TopicReader) -> list[Any]:
            return [rec for rec in r.records if rec.topic == DLQ
                    and rec.key == app_id.encode() and dict(rec.headers).get("dlq_error")]

        async with TopicReader(stack.kafka_bootstrap, STATUS.name, SEND_EMAIL.name, DLQ,
                               EXAMINATION_COMMANDS.name) as reader:
            await send(producer, APPLICATION_FILED.name, event)
            await reader.until(lambda r: "filed" in statuses(r), what="filed")
            await send(producer, EXAMINATION_COMMANDS.name,
                       TakeIntoExamination(application_id=event.application_id,
                                           requested_by=examiner))
            await reader.until(lambda r: "examining" in statuses(r), what="examining")
            approve = ApproveApplication(application_id=event.application_id,
                                         requested_by=examiner)
            await send(producer, EXAMINATION_COMMANDS.name, approve)
            await reader.until(lambda r: bool(dead(r)), what="the approval dead-lettered")
            [letter] = dead(reader)
            offset = str(letter.offset)

            # list: one line per dead letter, with where it came from and why
            code, out, _ = await dlq(stack, "list", "--service", "examination", "--json")
            assert code == 0
            [entry] = [e for e in map(json.loads, out.splitlines()) if e["key"] == app_id]
            assert (entry["offset"], entry["original_topic"], entry["error_class"],
                    entry["replayed"]) == (letter.offset, EXAMINATION_COMMANDS.name,
                                           "NotConfigured", False)
            code, out, _ = await dlq(stack, "list", "--service", "examination")
            [line] = [x for x in out.splitlines() if app_id in x]
            assert EXAMINATION_COMMANDS.name in line and "NotConfigured" in line

            # show: the error and headers; the payload only when asked for
            code, out, _ = await dlq(stack, "show", "examination", offset)
            assert code == 0
            assert "EXAMINATION_CESR_SIGNING_KEY" in out and "event_type" in out
            assert str(approve.event_id) in out  # ids of the payload are summarised
            assert str(examiner) not in out  # …the rest of it is not printed
            code, out, _ = await dlq(stack, "show", "examination", offset, "--payload")
            assert str(examiner) in out

            # a dry run replays nothing
            code, out, _ = await dlq(stack, "replay", "examination", offset, "--dry-run")
            assert code == 0 and "would replay" in out

            # the key is back (examination restarted with it): replay → approved once, one
            # CESR email
            monkeypatch.setenv("EXAMINATION_CESR_SIGNING_KEY", signing_key)
            await runtime.stop()
            _, runtime = create_app()
            await runtime.start()
            code, out, err = await dlq(stack, "replay", "examination", offset,
                                       "--reason", "signing key restored")
            assert code == 0, err
            assert f"replayed {offset} → {EXAMINATION_COMMANDS.name}" in out
            await reader.until(lambda r: "ready" in statuses(r) and bool(cesr_emails(r)),
                               what="the approval and the CESR email")

            code, out, _ = await dlq(stack, "list", "--service", "examination", "--json")
            [entry] = [e for e in map(json.loads, out.splitlines()) if e["key"] == app_id]
            assert entry["replayed"] is True
            [record] = entry["replays"]
            assert (record["by"], record["topic"], record["state"], record["again"],
                    record["reason"]) == (OPERATOR, EXAMINATION_COMMANDS.name, "sent", False,
                                          "signing key restored")

            # twice: refused, nothing produced
            code, _, err = await dlq(stack, "replay", "examination", offset)
            assert code == 1 and "already replayed" in err
            code, out, _ = await dlq(stack, "replay", "examination", "--all")
            assert code == 0 and f"skip {offset}" in out

            # --again: replayed, and the inbox makes it harmless
            code, out, err = await dlq(stack, "replay", "examination", offset, "--again")
            assert code == 0 and "(again)" in out, err
            # a command behind it on the same partition: once it is handled, so is the replay
            await send(producer, EXAMINATION_COMMANDS.name,
                       RegisterCesrReceipt(application_id=event.application_id,
                                           requested_by=examiner))
            await reader.until(lambda r: "completed" in statuses(r), what="completed")
            assert statuses(reader).count("ready") == 1
            assert len(cesr_emails(reader)) == 1
            assert len(dead(reader)) == 1

            copies = [rec for rec in reader.records if rec.topic == EXAMINATION_COMMANDS.name
                      and rec.value == letter.value]
            assert len(copies) == 3  # the original and two replays, same key and partition
            assert {(c.key, c.partition) for c in copies} == {(letter.key, copies[0].partition)}
            for copy in copies[1:]:
                headers = dict(copy.headers)
                assert headers["event_type"] == b"ApproveApplication"
                assert headers[REPLAYED_FROM] == f"{DLQ}:0:{offset}".encode()
                assert not {k for k in headers if k.startswith("dlq_")} - {REPLAYED_FROM}

        code, out, _ = await dlq(stack, "show", "examination", offset, "--json")
        shown = json.loads(out)
        assert [r["again"] for r in shown["replays"]] == [False, True]
        assert "payload" not in shown
    finally:
        await producer.stop()
        await runtime.stop()


async def test_a_command_sealed_with_a_key_notify_lacks_is_replayed_once_the_key_is_back(
        stack, service_env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    env = service_env("notify")
    from residency_notify.app import create_app

    current, old = env["NOTIFY_MAIL_SEALING_KEY"], sealing.new_key()
    to = f"filer-{uuid.uuid4().hex[:8]}@example.com"
    command = SendReferencePassword(to=[to], reference_password="pw-sample-4711")
    intake_keys = sealing.Sealer.from_setting(old)  # an intake that still had the old key
    assert intake_keys is not None
    sealed = intake_keys.seal(command).model_dump_json().encode()
    key = str(command.event_id).encode()
    dlq_topic = dead_letter_topic("notify")

    _, runtime = create_app()
    await runtime.start()
    producer = AIOKafkaProducer(bootstrap_servers=stack.kafka_bootstrap)
    await producer.start()
    try:
        async with TopicReader(stack.kafka_bootstrap, dlq_topic) as reader:
            await producer.send_and_wait(SEND_EMAIL.name, sealed, key=key)
            await reader.until(lambda r: any(rec.key == key for rec in r.records),
                               what="the command dead-lettered")
            [letter] = [rec for rec in reader.records if rec.key == key]
        offset = str(letter.offset)
        code, out, _ = await dlq(stack, "show", "notify", offset)
        assert code == 0 and "SEALED_KEY_UNKNOWN" in out and str(command.event_id) in out
        assert to not in out and "pw-sample-4711" not in out
        code, out, _ = await dlq(stack, "show", "notify", offset, "--payload")
        assert to in out and "pw-sample-4711" not in out  # the secret stays sealed
    finally:
        await runtime.stop()

    # the old key given back to notify, second (it opens, never seals)
    monkeypatch.setenv("NOTIFY_MAIL_SEALING_KEY", f"{current},{old}")
    _, runtime = create_app()
    await runtime.start()
    try:
        code, out, err = await dlq(stack, "replay", "notify", offset)
        assert code == 0, err

        async def delivered() -> list[dict[str, Any]]:
            return await mails(stack.mail_api_url, to)

        [mail] = await wait_for(delivered, what="the replayed email")
        assert "pw-sample-4711" in mail["text"]

        code, _, err = await dlq(stack, "replay", "notify", offset, "--again")
        assert code == 0, err
        # behind the repeat on its partition (same key): once this is sent, so was the repeat
        sentinel = SendReferencePassword(to=[to], reference_password="pw-sample-4712")
        await producer.send_and_wait(SEND_EMAIL.name,
                                     intake_keys.seal(sentinel).model_dump_json().encode(),
                                     key=key)
        got = await wait_for(lambda: _with(stack, to, "pw-sample-4712"), what="the sentinel")
        assert sum("pw-sample-4711" in m["text"] for m in got) == 1
    finally:
        await producer.stop()
        await runtime.stop()


async def _with(stack: Any, to: str, text: str) -> list[dict[str, Any]]:
    got = await mails(stack.mail_api_url, to)
    return got if any(text in m["text"] for m in got) else []
