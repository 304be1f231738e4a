"""Every Secret the manifests read is either written by an operator (Strimzi, CloudNativePG) or
one of the documented ones that overlays/dev/create-secrets.sh makes — with the keys read."""

import os
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from residency_contracts import SERVICES

from tests.unit.deploy.rendering import K8S, Doc, by_kind, kubectl, render

OPERATOR_WRITTEN = {"residency-kafka-cluster-ca-cert"} | {f"{s}-db-app" for s in SERVICES}
"""Besides the KafkaUsers' secrets (named after each user)."""


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def secret_refs(docs: list[Doc]) -> dict[str, set[str]]:
    """Secret name → keys read, over env, volumes, KEDA and ingress TLS."""
    refs: dict[str, set[str]] = {}
    for doc in docs:
        for node in _walk(doc):
            if "secretKeyRef" in node:
                ref = node["secretKeyRef"]
                refs.setdefault(ref["name"], set()).add(ref["key"])
            if "secretName" in node and "items" in node:
                refs.setdefault(node["secretName"], set()).update(i["key"] for i in node["items"])
        if doc["kind"] == "TriggerAuthentication":
            for ref in doc["spec"].get("secretTargetRef", []):
                refs.setdefault(ref["name"], set()).add(ref["key"])
        if doc["kind"] == "Ingress":
            for tls in doc["spec"].get("tls", []):
                refs.setdefault(tls["secretName"], set()).update({"tls.crt", "tls.key"})
    return refs


def test_operator_written_secrets_are_the_kafka_users_the_ca_and_the_databases() -> None:
    docs = render("overlays/dev")
    users = set(by_kind(docs, "KafkaUser"))
    refs = secret_refs(docs)
    for name in (users | OPERATOR_WRITTEN) & set(refs):
        expected = {"password"} if name in users else {"ca.crt"} if "kafka" in name else {"uri"}
        assert refs[name] == expected, name
    assert {f"{s}-db-app" for s in SERVICES} | {"residency-kafka-cluster-ca-cert"} <= set(refs)


def test_the_dev_script_creates_every_other_secret_with_its_keys() -> None:
    kubectl()
    if shutil.which("openssl") is None:
        pytest.skip("openssl not found: the dev secrets script needs it")
    run = subprocess.run([str(K8S / "overlays" / "dev" / "create-secrets.sh")],
                         env={**os.environ, "DRY_RUN": "1"}, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    made = {d["metadata"]["name"]: set(d["data"]) for d in yaml.safe_load_all(run.stdout) if d}
    docs = render("overlays/dev")
    wanted = {name: keys for name, keys in secret_refs(docs).items()
              if name not in OPERATOR_WRITTEN | set(by_kind(docs, "KafkaUser"))}
    assert set(made) == set(wanted)
    for name, keys in wanted.items():
        assert keys <= made[name], name
