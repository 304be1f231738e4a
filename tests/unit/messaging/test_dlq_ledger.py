"""Reading a dead-letter topic: dead letters, their recorded replays, what a replay carries
and what is shown without `--payload`."""

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from residency_contracts import Procedure, SendReferencePassword
from residency_messaging import sealing
from residency_messaging.dlq import REPLAY_OF, REPLAYED_FROM, Replay, ledger

T0 = int(datetime(2031, 4, 1, 9, tzinfo=UTC).timestamp() * 1000)


@dataclass
class Record:
    offset: int
    value: bytes
    headers: list[tuple[str, bytes]]
    key: bytes | None = b"app-1"
    partition: int = 0
    timestamp: int = T0
    topic: str = "residency.dlq.notify.v1"


def dead(offset: int, value: bytes = b"{}", **headers: str) -> Record:
    base = {"dlq_error": "TimeoutError: smtp", "dlq_error_class": "TimeoutError",
            "dlq_topic": "residency.notify.send-email.v1", "dlq_partition": "2",
            "dlq_offset": "41"} | headers
    return Record(offset, value, [("event_type", b"SendReferenceNumber"),
                                  *((k, v.encode()) for k, v in base.items())],
                  timestamp=T0 + offset)


def replay_records(offset: int, of: int, again: bool = False, sent: bool = True
                   ) -> list[Record]:
    """The `started` record at `offset`, then (when `sent`) the `sent` one."""
    started = Replay(f"r{offset}", (0, of), datetime(2031, 4, 2, tzinfo=UTC), "alice", "pod-1",
                     "residency.notify.send-email.v1", again=again)
    states = [started] + ([replace(started, state="sent", partition=2, offset=99 + offset,
                                   at=datetime(2031, 4, 2, 0, 1, tzinfo=UTC))] if sent else [])
    return [Record(offset + i, json.dumps(r.as_dict()).encode(),
                   [(REPLAY_OF, f"0:{of}".encode())], key=f"replay:{of}".encode())
            for i, r in enumerate(states)]


def test_replay_records_mark_their_dead_letter_and_are_not_dead_letters_themselves() -> None:
    letters = ledger("notify", [dead(0), dead(1), *replay_records(2, of=0),
                                *replay_records(4, of=0, again=True)])
    assert [d.offset for d in letters] == [0, 1]
    first, second = letters
    assert first.replayed and [(r.again, r.state) for r in first.replays] == [
        (False, "sent"), (True, "sent")]
    assert first.replays[0].by == "alice" and first.replays[0].offset == 101
    assert first.replays[0].at == datetime(2031, 4, 2, tzinfo=UTC)  # when it was started
    assert not second.replayed


def test_a_replay_started_but_never_confirmed_counts_as_replayed() -> None:
    [d] = ledger("notify", [dead(0), *replay_records(1, of=0, sent=False)])
    assert d.replayed and d.replays[0].state == "started" and d.replays[0].offset is None


def test_a_dead_letter_names_its_origin_and_error() -> None:
    [d] = ledger("notify", [dead(5)])
    assert (d.original_topic, d.original_partition, d.original_offset) == (
        "residency.notify.send-email.v1", 2, 41)
    assert (d.error_class, d.error) == ("TimeoutError", "TimeoutError: smtp")
    assert d.at == datetime.fromtimestamp((T0 + 5) / 1000, UTC)


def test_the_error_class_is_read_from_the_error_when_its_header_is_missing() -> None:
    record = dead(0)
    record.headers = [(k, v) for k, v in record.headers if k != "dlq_error_class"]
    [d] = ledger("notify", [record])
    assert d.error_class == "TimeoutError"


def test_a_replay_keeps_the_original_headers_without_the_error_and_says_where_it_came_from(
        ) -> None:
    [d] = ledger("notify", [dead(7, dlq_replayed_from="residency.dlq.notify.v1:0:3")])
    assert d.replay_headers() == [("event_type", b"SendReferenceNumber"),
                                  (REPLAYED_FROM, b"residency.dlq.notify.v1:0:7")]


def test_without_payload_nothing_of_an_email_command_but_ids_and_codes_is_shown() -> None:
    keys = sealing.Sealer.from_setting(sealing.new_key())
    assert keys is not None
    command = keys.seal(SendReferencePassword(
        to=["someone@example.com"], reference_password="pw-sample-123",
        application_id="0b7f6a52-3c63-4c35-9d3d-0a4a3c0e6f11"))
    [d] = ledger("notify", [dead(0, command.model_dump_json().encode())])
    shown = json.dumps(d.as_dict())
    assert "someone@example.com" not in shown and command.reference_password not in shown
    summary = d.as_dict()["summary"]
    assert summary["event_id"] == str(command.event_id)
    assert summary["template"] == "reference_password"
    with_payload = d.as_dict(payload=True)["payload"]
    assert with_payload["to"] == ["someone@example.com"]
    assert with_payload["reference_password"] == command.reference_password  # still sealed
    assert "pw-sample-123" not in json.dumps(with_payload)


def test_a_payload_that_is_not_json_is_summarised_by_its_size() -> None:
    [d] = ledger("notify", [dead(0, b"{not json")])
    assert d.summary() == {"bytes": 9, "json": False}
    assert d.as_dict(payload=True)["payload"] == "{not json"


def test_procedure_codes_are_shown_in_the_summary() -> None:
    [d] = ledger("notify", [dead(0, json.dumps({"procedure": Procedure.EXT.value,
                                                "to": ["x@example.com"]}).encode())])
    assert d.summary() == {"bytes": d.summary()["bytes"], "json": True, "procedure": "EXT"}
