"""Autoscaling follows the contracts (KEDA on each consumer group a service reads, never more
replicas than partitions; an HPA on CPU for intake), the network policies deny by default and
open what each service needs, and the ingress takes 25 MB of attachments."""

import re

import pytest
from residency_contracts import ALL_TOPICS, consumer_group
from residency_intake.settings import IntakeSettings

from tests.unit.deploy.rendering import Doc, by_kind

SCALED = ("documents", "examination", "notify")


@pytest.mark.parametrize("service", SCALED)
def test_a_scaled_object_per_consumer_on_the_lag_of_every_group_it_reads(
        docs: list[Doc], service: str) -> None:
    scaled = by_kind(docs, "ScaledObject")[service]
    spec = scaled["spec"]
    assert spec["scaleTargetRef"]["name"] == service
    consumed = [t for t in ALL_TOPICS if service in t.consumers]
    triggers = {(t["metadata"]["topic"], t["metadata"]["consumerGroup"])
                for t in spec["triggers"]}
    assert triggers == {(t.name, consumer_group(service, t.name)) for t in consumed}
    for trigger in spec["triggers"]:
        assert trigger["type"] == "kafka"
        meta = trigger["metadata"]
        assert (meta["sasl"], meta["tls"]) == ("scram_sha512", "enable")
        # KEDA runs in its own namespace: the address must name this one.
        namespace = scaled["metadata"]["namespace"]
        assert meta["bootstrapServers"] == f"residency-kafka-kafka-bootstrap.{namespace}.svc:9093"
        assert trigger["authenticationRef"]["name"] in by_kind(docs, "TriggerAuthentication")
    # A replica beyond a topic's partitions would sit idle for that topic.
    assert 1 <= spec["minReplicaCount"] <= spec["maxReplicaCount"] <= min(
        t.partitions for t in consumed)


def test_keda_logs_in_as_its_own_describe_only_user(docs: list[Doc]) -> None:
    auth = by_kind(docs, "TriggerAuthentication")["keda-kafka"]["spec"]
    secrets = {r["parameter"]: (r["name"], r["key"]) for r in auth["secretTargetRef"]}
    assert secrets == {"password": ("keda", "password"),
                       "ca": ("residency-kafka-cluster-ca-cert", "ca.crt")}
    (username,) = auth["configMapTargetRef"]
    assert by_kind(docs, "ConfigMap")[username["name"]]["data"][username["key"]] == "keda"
    assert "keda" in by_kind(docs, "KafkaUser")


def test_intake_scales_on_cpu_and_nothing_has_two_autoscalers(docs: list[Doc]) -> None:
    hpas = by_kind(docs, "HorizontalPodAutoscaler")
    assert set(hpas) == {"intake"}
    assert hpas["intake"]["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    targets = [h["spec"]["scaleTargetRef"]["name"] for h in hpas.values()] + [
        s["spec"]["scaleTargetRef"]["name"] for s in by_kind(docs, "ScaledObject").values()]
    assert sorted(targets) == sorted({*SCALED, "intake"})


def test_prod_keeps_two_replicas_of_everything(overlay: str, docs: list[Doc]) -> None:
    if overlay != "overlays/prod":
        pytest.skip("production only")
    assert by_kind(docs, "HorizontalPodAutoscaler")["intake"]["spec"]["minReplicas"] >= 2
    assert all(s["spec"]["minReplicaCount"] >= 2
               for s in by_kind(docs, "ScaledObject").values())
    assert all(c["spec"]["instances"] == 3 for c in by_kind(docs, "Cluster").values())
    assert sum(p["spec"]["replicas"] for p in by_kind(docs, "KafkaNodePool").values()
               if "broker" in p["spec"]["roles"]) == 3


def _egress_ports(policies: list[Doc]) -> set[int]:
    return {p["port"] for pol in policies for rule in pol["spec"].get("egress", [])
            for p in rule.get("ports", [])}


def _selects(policy: Doc, labels: dict[str, str]) -> bool:
    selector = policy["spec"]["podSelector"]
    if set(selector) - {"matchLabels"}:
        return False
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def test_default_deny_then_what_each_service_needs(docs: list[Doc]) -> None:
    policies = by_kind(docs, "NetworkPolicy")
    deny = policies["default-deny-all"]["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"], "ingress": [],
                    "egress": []}
    assert _egress_ports([policies["allow-dns"]]) == {53}
    deployments = by_kind(docs, "Deployment")
    web = deployments.pop("web")
    for name, deployment in deployments.items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        mine = [p for p in policies.values() if _selects(p, labels) and p["spec"]["podSelector"]]
        ports = _egress_ports(mine)
        assert {9093, 5432} <= ports, (name, ports)
        assert ports & {9000, 443}, (name, "S3")
        assert ({25, 465, 587} <= ports) == (name == "notify"), (name, "SMTP")
        ingress = [r for p in mine for r in p["spec"].get("ingress", [])]
        assert bool(ingress) == (name == "intake"), name
    (rule,) = [r for p in policies.values() if _selects(p, {"app.kubernetes.io/name": "intake"})
               for r in p["spec"].get("ingress", [])]
    from_ingress = {"namespaceSelector": {"matchLabels": {
        "kubernetes.io/metadata.name": "ingress-nginx"}}}
    assert rule["from"] == [from_ingress, {"podSelector": {"matchLabels": {
        "app.kubernetes.io/name": "web"}}}]
    # The pages: taken from the ingress controller, reaching intake and nothing else.
    mine = [p for p in policies.values()
            if _selects(p, web["spec"]["template"]["metadata"]["labels"])
            and p["spec"]["podSelector"]]
    (egress,) = [r for p in mine for r in p["spec"].get("egress", [])]
    assert egress == {"to": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "intake"}}}],
                      "ports": [{"protocol": "TCP", "port": 8000}]}
    (ingress,) = [r for p in mine for r in p["spec"].get("ingress", [])]
    assert ingress["from"] == [from_ingress]
    assert ingress["ports"] == [{"protocol": "TCP", "port": 8080}]


def test_the_migration_jobs_reach_their_database(docs: list[Doc]) -> None:
    policies = list(by_kind(docs, "NetworkPolicy").values())
    jobs = {name: job for name, job in by_kind(docs, "Job").items() if name.endswith("-migrate")}
    assert jobs  # not vacuous: the rendered manifests have migration jobs
    for name, job in jobs.items():
        labels = job["spec"]["template"]["metadata"]["labels"]
        assert 5432 in _egress_ports([p for p in policies if _selects(p, labels)]), name


def _bytes(quantity: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", quantity.lower()).groups()  # type: ignore[union-attr]
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]


@pytest.mark.parametrize("name", ["intake", "web"])
def test_the_ingress_takes_a_full_set_of_attachments(docs: list[Doc], name: str) -> None:
    ingress = by_kind(docs, "Ingress")[name]
    limit = ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"]
    assert _bytes(limit) > IntakeSettings.model_fields["max_total_bytes"].default
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == name


def test_the_pages_and_the_api_each_have_their_host_and_mailed_links_open_the_pages(
        docs: list[Doc]) -> None:
    ingresses = by_kind(docs, "Ingress")
    (pages,) = ingresses["web"]["spec"]["rules"]
    (api,) = ingresses["intake"]["spec"]["rules"]
    assert pages["host"] != api["host"]  # their paths overlap: /applications, /bulk, ...
    assert [p["path"] for p in pages["http"]["paths"]] == ["/"]
    pod = by_kind(docs, "Deployment")["intake"]["spec"]["template"]["spec"]
    (config,) = [s["configMapRef"]["name"] for s in pod["containers"][0]["envFrom"]]
    base_url = by_kind(docs, "ConfigMap")[config]["data"]["INTAKE_PUBLIC_BASE_URL"]
    assert base_url.split("://", 1)[1].rstrip("/") == pages["host"]
