"""Each Deployment's environment agrees with its service's settings classes: every required
setting is there (a missing one fails), every variable is one a settings class reads (a typo or
a stale name fails), the values parse, and Kafka/Postgres/S3 credentials come from the Secrets
the operators and `deploy/k8s` define. Plus the shape every pod must have."""

import importlib
import inspect
import os
import pkgutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic_settings import BaseSettings
from residency_contracts import SERVICES

from tests.unit.deploy.rendering import Doc, by_kind

WORKLOADS = (*SERVICES, "web")
"""The Deployments: the services, and the pages (web: intake's client, no Kafka/database/S3)."""

PREFIX = {s: f"{s.upper()}_" for s in WORKLOADS}

CLUSTER_REQUIRED = {
    "intake": {"CESR_SIGNING_CERT"},
    "examination": {"CESR_SIGNING_KEY", "CESR_SIGNING_CERT", "S3_ACCESS_KEY", "S3_SECRET_KEY"},
    "notify": {"S3_ACCESS_KEY", "S3_SECRET_KEY", "SMTP_HOST", "SMTP_USERNAME",
               "SMTP_PASSWORD"},
}
"""Optional in the classes (the embedded stack does without), needed in a cluster: the CESR
key and certificate, notify's S3 for attachments and its authenticated SMTP relay."""

IN_CLUSTER = {"HTTP_HOST": "0.0.0.0", "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
              "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512", "KAFKA_CREATE_TOPICS": "false",
              "MIGRATE_ON_START": "false"}
IN_CLUSTER_WEB = {"HTTP_HOST": "0.0.0.0", "INTAKE_URL": "http://intake:8000"}


def settings_classes(service: str) -> list[type[BaseSettings]]:
    """Every BaseSettings subclass defined in the service's package that reads its prefix."""
    package = importlib.import_module(f"residency_{service}")
    found: dict[str, type[BaseSettings]] = {}
    for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        if ".migrations" in info.name:  # Alembic scripts: run by alembic, not importable
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (issubclass(cls, BaseSettings) and cls.__module__ == info.name
                    and cls.model_config.get("env_prefix") == PREFIX[service]):
                found[cls.__qualname__] = cls
    assert found, f"no settings class with prefix {PREFIX[service]} in {package.__name__}"
    return list(found.values())


def known_fields(service: str) -> dict[str, bool]:
    """Setting name (no prefix, upper case) → required by some class."""
    out: dict[str, bool] = {}
    for cls in settings_classes(service):
        for name, field in cls.model_fields.items():
            out[name.upper()] = out.get(name.upper(), False) or field.is_required()
    return out


def container_env(doc: Doc, configmaps: dict[str, Doc]) -> dict[str, Any]:
    """Name → literal value, or ("secret", name, key) for a secretKeyRef."""
    pod = doc["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    env: dict[str, Any] = {}
    for source in container.get("envFrom", []):
        cm = configmaps[source["configMapRef"]["name"]]
        env.update(cm["data"])
    for var in container.get("env", []):
        assert var["name"] not in env, f"{var['name']} set twice"
        if "value" in var:
            env[var["name"]] = var["value"]
        else:
            ref = var["valueFrom"]["secretKeyRef"]
            assert not ref.get("optional"), var["name"]
            env[var["name"]] = ("secret", ref["name"], ref["key"])
    return env


@pytest.fixture(scope="module")
def ca_pem(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-signed CA certificate (PEM), standing in for Strimzi's cluster CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "stand-in cluster CA")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path = tmp_path_factory.mktemp("ca") / "ca.crt"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.fixture
def objects(docs: list[Doc]) -> dict[str, dict[str, Doc]]:
    kinds = ("Deployment", "Job", "ConfigMap", "KafkaUser", "Service", "ServiceAccount",
             "PodDisruptionBudget")
    return {k: by_kind(docs, k) for k in kinds}


@pytest.mark.parametrize("service", WORKLOADS)
def test_deployment_env_is_exactly_what_the_settings_read(
        objects: dict[str, dict[str, Doc]], service: str, ca_pem: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    env = container_env(objects["Deployment"][service], objects["ConfigMap"])
    fields, prefix = known_fields(service), PREFIX[service]
    unknown = [n for n in env if not (n.startswith(prefix) and n[len(prefix):] in fields)]
    assert not unknown, f"{service}: no settings class reads {unknown}"
    required = {f for f, req in fields.items() if req} | CLUSTER_REQUIRED.get(service, set())
    missing = sorted(f"{prefix}{f}" for f in required if f"{prefix}{f}" not in env)
    assert not missing, f"{service}: required settings missing from the Deployment: {missing}"
    for name, value in (IN_CLUSTER_WEB if service == "web" else IN_CLUSTER).items():
        assert env[f"{prefix}{name}"] == value, name
    # The values parse: each class builds from this environment (secrets stand in as text,
    # a file in a mounted volume as a real file of that kind).
    mounts = [m["mountPath"] for m in
              objects["Deployment"][service]["spec"]["template"]["spec"]["containers"][0]
              .get("volumeMounts", [])]
    for key in [k for k in os.environ if k.startswith(prefix)]:
        monkeypatch.delenv(key)
    for name, value in env.items():
        if isinstance(value, tuple):
            value = "stand-in"
        elif any(value.startswith(m.rstrip("/") + "/") for m in mounts):
            assert value.endswith(".crt"), f"{name}: which stand-in file for {value}?"
            value = str(ca_pem)
        monkeypatch.setenv(name, value)
    for cls in settings_classes(service):
        cls()


@pytest.mark.parametrize("service", SERVICES)
def test_credentials_come_from_the_operators_secrets(
        objects: dict[str, dict[str, Doc]], service: str) -> None:
    deployment = objects["Deployment"][service]
    env = container_env(deployment, objects["ConfigMap"])
    p = PREFIX[service]
    user = env[f"{p}KAFKA_SASL_USERNAME"]
    assert user == service and user in objects["KafkaUser"]
    assert env[f"{p}KAFKA_SASL_PASSWORD"] == ("secret", user, "password")  # Strimzi's
    assert env[f"{p}DATABASE_URL"] == ("secret", f"{service}-db-app", "uri")  # CNPG's
    # The CA file is the cluster CA secret's ca.crt, mounted read-only.
    pod = deployment["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    mounts = {m["mountPath"]: m for m in pod["containers"][0]["volumeMounts"]}
    ca_dir, ca_name = env[f"{p}KAFKA_CA_FILE"].rsplit("/", 1)
    volume = volumes[mounts[ca_dir]["name"]]
    assert mounts[ca_dir]["readOnly"]
    assert volume["secret"]["secretName"] == "residency-kafka-cluster-ca-cert"
    assert {"key": "ca.crt", "path": ca_name} in volume["secret"]["items"]
    # No secret value is written in a ConfigMap.
    secret_words = ("PASSWORD", "SECRET", "SEALING_KEY", "SIGNING_KEY", "ACCESS_KEY",
                    "DATABASE_URL")
    for name, value in env.items():
        if any(w in name for w in secret_words):
            assert isinstance(value, tuple), f"{name} must come from a Secret"


@pytest.mark.parametrize("service", WORKLOADS)
def test_pods_are_restricted_probed_bounded_and_spread(
        objects: dict[str, dict[str, Doc]], service: str) -> None:
    deployment = objects["Deployment"][service]
    if service == "web":  # sessions in the process's memory: one replica, no autoscaler
        assert deployment["spec"]["replicas"] == 1
    else:
        assert "replicas" not in deployment["spec"], "the autoscaler owns replicas"
    pod = deployment["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    assert c["command"] == [f"residency-{service}"]
    assert c["image"].split("/")[-1].split(":")[0] == "residency-online"
    assert pod["automountServiceAccountToken"] is False
    assert objects["ServiceAccount"][service]["automountServiceAccountToken"] is False
    assert pod["terminationGracePeriodSeconds"] == 30
    assert pod["securityContext"] == {"runAsNonRoot": True, "runAsUser": 10001,
                                      "runAsGroup": 10001, "fsGroup": 10001,
                                      "seccompProfile": {"type": "RuntimeDefault"}}
    assert c["securityContext"] == {"allowPrivilegeEscalation": False,
                                    "readOnlyRootFilesystem": True, "runAsNonRoot": True,
                                    "capabilities": {"drop": ["ALL"]}}
    assert any(m["mountPath"] == "/tmp" for m in c["volumeMounts"])
    assert {"cpu", "memory"} <= set(c["resources"]["requests"]) & set(c["resources"]["limits"])
    assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert c["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
    (port,) = c["ports"]
    main = getattr(importlib.import_module(f"residency_{service}.settings"),
                   f"{service.capitalize()}Settings")
    assert port["containerPort"] == main.model_fields["http_port"].default
    assert "topology.kubernetes.io/zone" in {
        t["topologyKey"] for t in pod["topologySpreadConstraints"]}
    assert objects["PodDisruptionBudget"][service]["spec"]["selector"]["matchLabels"] == \
        deployment["spec"]["selector"]["matchLabels"]
    assert objects["Service"][service]["spec"]["selector"] == \
        deployment["spec"]["selector"]["matchLabels"]
    # The grace period covers the preStop pause, the shutdown delay and the drain.
    pause = c.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds", 0)
    env = container_env(deployment, objects["ConfigMap"])

    def seconds(field: str, fallback: float) -> float:
        if f"{PREFIX[service]}{field.upper()}" in env:
            return float(env[f"{PREFIX[service]}{field.upper()}"])
        info = main.model_fields.get(field)
        return float(info.default) if info is not None else fallback

    budget = pause + seconds("shutdown_delay_s", 0) + seconds("drain_timeout_s", 20)
    assert budget < pod["terminationGracePeriodSeconds"], budget


@pytest.mark.parametrize("service", SERVICES)
def test_a_migration_job_per_service_reads_only_its_database_url(
        objects: dict[str, dict[str, Doc]], service: str) -> None:
    job = objects["Job"][f"{service}-migrate"]
    pod = job["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    assert c["command"] == ["residency-migrate", service]
    assert container_env(job, objects["ConfigMap"]) == {
        f"{PREFIX[service]}DATABASE_URL": ("secret", f"{service}-db-app", "uri")}
    assert pod["restartPolicy"] == "Never" and pod["automountServiceAccountToken"] is False
    assert c["securityContext"]["readOnlyRootFilesystem"] is True


def test_every_overlay_pins_the_image(docs: list[Doc]) -> None:
    images = {c["image"] for d in docs if d["kind"] in ("Deployment", "Job", "StatefulSet")
              for c in d["spec"]["template"]["spec"]["containers"]}
    assert all(":" in i.rsplit("/", 1)[-1] or "@sha256:" in i for i in images), images
    assert not any(i.endswith(":latest") for i in images)


def test_settings_discovery_finds_one_typed_settings_class_per_service() -> None:
    for service in WORKLOADS:
        main = f"{service.capitalize()}Settings"
        assert main in {c.__name__ for c in settings_classes(service)}, service
    # examination's CESR settings and notify's object store are fields of the one class
    assert {"CESR_SIGNING_KEY", "CESR_BUCKET"} <= set(known_fields("examination"))
    assert {"S3_ACCESS_KEY", "CESR_BUCKET", "SMTP_STARTTLS"} <= set(known_fields("notify"))


def test_the_pages_read_their_session_secret_from_a_secret_and_talk_to_intake_only(
        objects: dict[str, dict[str, Doc]], overlay: str) -> None:
    env = container_env(objects["Deployment"]["web"], objects["ConfigMap"])
    assert env["WEB_SESSION_SECRET"] == ("secret", "web-secrets", "session-secret")
    (intake_port,) = objects["Service"]["intake"]["spec"]["ports"]
    assert env["WEB_INTAKE_URL"] == f"http://intake:{intake_port['port']}"
    # The cookie is Secure wherever the ingress serves TLS (dev serves plain HTTP).
    assert env["WEB_COOKIE_SECURE"] == ("false" if overlay == "overlays/dev" else "true")
    # No Kafka, database or S3 of its own.
    assert not [n for n in env if any(w in n for w in ("KAFKA", "DATABASE", "S3"))]
    assert "web-migrate" not in objects["Job"]
