import json
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from pydantic import TypeAdapter
from residency_contracts import ALL_TOPICS, ApplicationStatusChanged, Procedure
from residency_contracts.asyncapi import OUT, render

# A message exactly as v1 consumers were promised it: it must always parse, and the
# current model must not require anything this sample lacks.
STATUS_V1_SAMPLE = {
    "event_id": "0b6f6f5e-3f55-4d5e-9a55-6a1f3b0c2d11", "occurred_at": "2026-04-01T01:02:03Z",
    "application_id": "5d1c1e7a-8f0e-4a57-9e55-0c7a9d1b2e33", "sequence": 2, "procedure": "EXT",
    "organization_id": None, "previous_status": "pending", "status": "filed",
    "reference_number": "0000000018", "provisional_receipt_number": "仮東オンEP26000001",
    "receipt_number": None,
}


def test_committed_asyncapi_and_json_schemas_match_the_code() -> None:
    for name, text in render().items():
        path = OUT / name
        assert path.exists(), f"{name} missing: run python -m residency_contracts.asyncapi"
        assert path.read_text(encoding="utf-8") == text, f"{name} is stale: regenerate it"


def test_status_v1_sample_still_parses_and_nothing_new_is_required() -> None:
    event = ApplicationStatusChanged.model_validate(STATUS_V1_SAMPLE)
    assert event.status == "filed" and event.sequence == 2
    required = set(ApplicationStatusChanged.model_json_schema().get("required", []))
    assert required <= set(STATUS_V1_SAMPLE)


def test_public_status_event_has_no_personal_data_fields() -> None:
    fields = set(ApplicationStatusChanged.model_fields)
    assert not fields & {"latin_name", "name", "email", "notification_emails", "passport_number",
                         "date_of_birth", "address", "applicant_key"}


@pytest.mark.parametrize("topic", ALL_TOPICS, ids=lambda t: t.name)
def test_every_topic_is_versioned_and_documents_its_key(topic) -> None:  # type: ignore[no-untyped-def]
    assert topic.name.endswith(".v1") and topic.key
    schema = TypeAdapter(topic.message).json_schema()
    assert schema


def test_events_round_trip_through_json_and_ignore_unknown_fields() -> None:
    event = ApplicationStatusChanged(
        application_id=uuid4(), sequence=1, procedure=Procedure.EXT, organization_id=None,
        previous_status=None, status="pending", occurred_at=datetime.now(UTC))
    data = json.loads(event.model_dump_json())
    data["added_in_a_later_minor_version"] = 1
    assert ApplicationStatusChanged.model_validate(data) == event
