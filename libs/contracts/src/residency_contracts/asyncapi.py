"""Generate the AsyncAPI document and JSON Schemas from the models (`python -m
residency_contracts.asyncapi [OUT_DIR]`); the generated files are committed and a contract
test fails when they drift from the code."""

import json
import sys
from pathlib import Path
from typing import Any, cast

from pydantic import TypeAdapter

from .topics import ALL_TOPICS

OUT = Path(__file__).resolve().parents[2] / "schemas"


def asyncapi() -> dict[str, Any]:
    from faststream.kafka import KafkaBroker  # imported lazily: only the generator needs it
    from faststream.specification import AsyncAPI

    broker = KafkaBroker("kafka:9092", description="Apache Kafka (Strimzi) in production.")
    for topic in ALL_TOPICS:
        broker.publisher(topic.name, schema=topic.message, title=topic.name,
                         description=f"{topic.description} Key: {topic.key}.")
    spec = AsyncAPI(broker, title="Residency Online events", version="1.0.0",
                    description="Topics, keys and message schemas. residency.status.v1 is "
                                "public; the others are internal between services.",
                    schema_version="3.0.0")
    return json.loads(spec.to_specification().to_json())


def json_schemas() -> dict[str, dict[str, Any]]:
    return {t.name: TypeAdapter(cast(Any, t.message)).json_schema() for t in ALL_TOPICS}


def render() -> dict[str, str]:
    files = {"asyncapi.json": asyncapi()} | {f"{name}.schema.json": schema
                                              for name, schema in json_schemas().items()}
    return {name: json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
            for name, doc in files.items()}


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    for name, text in render().items():
        (out / name).write_text(text, encoding="utf-8")
        print(out / name)


if __name__ == "__main__":
    main()
