"""intake's OpenAPI document: every operation described, every parameter, JSON request body and
2xx JSON response with an example, every 4xx in the shared error shape with an example — and
every example parses with its own pydantic model (the same validation as the API), so they
cannot rot. Pure: the app is built but never started (nothing connects)."""

import importlib
import json
from typing import Any

import pytest
from pydantic import BaseModel
from residency_contracts import Procedure
from residency_devstack import samples
from residency_intake import openapi_docs
from residency_intake.applications.core import _validated
from residency_intake.applications.validation import check_partial
from residency_intake.views import DraftBody, NewApplication
from residency_messaging.sealing import new_key

ENV = {"INTAKE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
       "INTAKE_S3_ACCESS_KEY": "dummy", "INTAKE_S3_SECRET_KEY": "dummy",
       "INTAKE_HASH_SECRET": "dummy", "INTAKE_MAIL_SEALING_KEY": new_key()}
MODEL_MODULES = ("accounts.views", "views", "errors", "catalogue.views",
                 "organizations.views", "examiner.views", "openapi_forms",
                 "applications.corrections", "bulk.views", "cesr_verify")


@pytest.fixture(scope="module")
def app(monkeypatch_module: pytest.MonkeyPatch) -> Any:
    from residency_intake.app import create_app

    for key, value in ENV.items():
        monkeypatch_module.setenv(key, value)
    return create_app()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.fixture(scope="module")
def doc(app: Any) -> dict[str, Any]:
    return json.loads(json.dumps(app.openapi()))


def _operations(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{method.upper()} {path}", op) for path, ops in doc["paths"].items()
            for method, op in ops.items()]


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _examples(doc: dict[str, Any], holder: dict[str, Any]) -> list[Any]:
    """Examples of a parameter or media type: its own, or its (resolved) schema's."""
    found = [holder["example"]] if "example" in holder else []
    found += [e["value"] if isinstance(holder["examples"], dict) else e
              for e in (holder["examples"].values() if isinstance(holder["examples"], dict)
                        else holder["examples"])] if "examples" in holder else []
    schema = holder.get("schema")
    if not found and schema is not None:
        if "examples" in schema or "example" in schema:
            return _examples(doc, {k: v for k, v in schema.items() if k != "schema"})
        resolved = _resolve(doc, schema)
        if resolved is not schema:
            return _examples(doc, {"examples": resolved.get("examples", [])})
        if schema.get("type") == "array":
            return [[e] for e in _examples(doc, {"schema": schema["items"]})]
    return found


def _model(doc: dict[str, Any], name: str) -> type[BaseModel]:
    """The pydantic model behind a component schema's name (and its properties)."""
    if "__" in name:  # module-qualified when two models share a name
        *path, cls = name.split("__")
        return getattr(importlib.import_module(".".join(path)), cls)  # type: ignore[no-any-return]
    fields = set(doc["components"]["schemas"][name].get("properties", {}))
    for module in MODEL_MODULES:
        found = getattr(importlib.import_module(f"residency_intake.{module}"), name, None)
        if isinstance(found, type) and issubclass(found, BaseModel) and {
                f.alias or n for n, f in found.model_fields.items()} == fields:
            return found
    raise LookupError(name)


def test_every_operation_says_what_it_does_for_the_user(doc: dict[str, Any]) -> None:
    # FastAPI's own summary is the function's name ("Issue Token"): not good enough
    missing = [label for label, op in _operations(doc)
               if not op.get("summary") or len(op.get("description", "")) < 20
               or op["operationId"].startswith(op["summary"].lower().replace(" ", "_") + "_")]
    assert not missing, f"operations without an explicit summary and a description: {missing}"


def test_every_parameter_has_an_example(doc: dict[str, Any]) -> None:
    missing = [f"{label} {p['in']} {p['name']}" for label, op in _operations(doc)
               for p in op.get("parameters", []) if not _examples(doc, p)]
    assert not missing, f"parameters without an example: {missing}"


def test_every_json_request_body_has_an_example_that_the_api_accepts(
        doc: dict[str, Any]) -> None:
    missing, checked = [], 0
    for label, op in _operations(doc):
        media = op.get("requestBody", {}).get("content", {}).get("application/json")
        if media is None:
            continue
        values = _examples(doc, media)
        if not values:
            missing.append(label)
        model = _model(doc, media["schema"]["$ref"].rsplit("/", 1)[1])
        for value in values:
            parsed = model.model_validate_json(json.dumps(value))
            if isinstance(parsed, NewApplication):
                _validated(parsed)  # the procedure's form, copies and combinations, as at creation
            if isinstance(parsed, DraftBody):
                assert check_partial(Procedure.EXT, parsed.content) == [], label
            checked += 1
    assert not missing, f"JSON request bodies without an example: {missing}"
    assert checked >= 20


def test_new_application_has_one_example_per_procedure_and_one_with_reentry(
        doc: dict[str, Any]) -> None:
    media = doc["paths"]["/applications"]["post"]["requestBody"]["content"]["application/json"]
    values = [e["value"] for e in media["examples"].values()]
    assert {v["procedure"] for v in values} >= {"COE", "ACQ", "CHG", "EXT", "WRK"}
    assert any(s["procedure"] == "REE" for v in values for s in v.get("simultaneous", []))
    for value in values:
        NewApplication.model_validate(value)
        assert value["content"]["identity"]["passport_number"].startswith("TE000000")
        assert value["content"]["notification_email"].endswith("@example.com")


def test_application_examples_are_the_devstack_samples() -> None:
    p, content = openapi_docs.PASSPORTS, openapi_docs.CONTENT
    assert content["COE"] == samples.coe_content(passport_number=p["COE"])
    assert content["ACQ"] == samples.acq_content("2026-03-20", passport_number=p["ACQ"])
    assert content["CHG"] == samples.chg_content(passport_number=p["CHG"])
    assert content["EXT"] == samples.ext_content(passport_number=p["EXT"])
    assert content["WRK"] == samples.wrk_content(passport_number=p["WRK"])
    with_ree = openapi_docs.NEW_APPLICATION["EXT+REE"]["value"]
    assert with_ree["content"] == samples.ext_content(passport_number=p["EXT+REE"]) | {
        "receipt_method": "counter", "counter_bureau": "東京"}
    assert with_ree["simultaneous"][0]["content"] == samples.ree_content()


def test_the_content_forms_are_documented_by_procedure(doc: dict[str, Any]) -> None:
    schema = doc["components"]["schemas"]["NewApplication"]
    assert schema["discriminator"]["propertyName"] == "procedure"
    forms = {code: _resolve(doc, {"$ref": ref})["properties"]["content"]["$ref"].rsplit("/")[-1]
             for code, ref in schema["discriminator"]["mapping"].items()}
    assert forms == {"COE": "EligibilityContent", "ACQ": "AcquisitionContent",
                     "CHG": "ChangeContent", "EXT": "ExtensionContent",
                     "WRK": "WorkCertificateContent"}
    for name in ("ReentryContent", "ActivityContent", "WorkCertificateSupplement"):
        assert name in doc["components"]["schemas"]


def test_every_2xx_json_response_has_an_example(doc: dict[str, Any]) -> None:
    missing = [f"{label} {status}" for label, op in _operations(doc)
               for status, response in op["responses"].items() if status.startswith("2")
               for media in [response.get("content", {}).get("application/json")]
               if media is not None and not _examples(doc, media)]
    assert not missing, f"2xx JSON responses without an example: {missing}"


def test_every_4xx_has_an_example_in_the_shared_error_shape(doc: dict[str, Any]) -> None:
    wrong = [f"{label} {status}" for label, op in _operations(doc)
             for status, response in op["responses"].items() if status.startswith("4")
             for media in [response.get("content", {}).get("application/json", {})]
             if media.get("schema", {}).get("$ref") != "#/components/schemas/ErrorBody"
             or not _examples(doc, media)]
    assert not wrong, f"4xx responses not in the ErrorBody shape with an example: {wrong}"


def test_every_model_example_parses_with_its_model(doc: dict[str, Any]) -> None:
    # the model's own examples: FastAPI drops null values from the document's copy
    checked = 0
    for name, schema in doc["components"]["schemas"].items():
        if "properties" in schema and "examples" in schema:
            model = _model(doc, name)
            for example in model.model_json_schema()["examples"]:
                model.model_validate_json(json.dumps(example))
                checked += 1
    assert checked >= 40
