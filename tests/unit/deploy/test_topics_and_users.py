"""The KafkaTopics and KafkaUsers agree with libs/contracts: a topic per declared topic and
dead-letter topic, with its partitions, replicas and configuration; each service's ACLs are
exactly what it produces and consumes; the committed files are what generate.py makes."""

import importlib.util
from typing import Any

import pytest
from residency_contracts import ALL_TOPICS, DEAD_LETTER_TOPICS, SERVICES, consumer_group
from residency_contracts.topics import SEND_EMAIL, STATUS, dead_letter_topic

from tests.unit.deploy.rendering import K8S, Doc, by_kind, render

PROD = "overlays/prod"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("k8s_generate", K8S / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_topics_and_users_are_what_generate_py_makes() -> None:
    generated = _generator().render()
    for name, text in generated.items():
        committed = K8S / "components" / "topics-and-users" / name
        assert committed.read_text() == text, (
            f"{committed} is stale: run `.venv/bin/python deploy/k8s/generate.py`")


def test_a_kafka_topic_per_contract_topic_with_its_partitions_replicas_and_config() -> None:
    topics = by_kind(render(PROD), "KafkaTopic")
    declared = {t.name: t for t in (*ALL_TOPICS, *DEAD_LETTER_TOPICS)}
    assert set(topics) == set(declared)
    for name, t in declared.items():
        spec = topics[name]["spec"]
        assert spec["topicName"] == name
        assert (spec["partitions"], spec["replicas"]) == (t.partitions, t.replicas)
        assert {k: str(v) for k, v in spec["config"].items()} == t.config
        assert topics[name]["metadata"]["labels"]["strimzi.io/cluster"] == "residency-kafka"


def test_dev_topics_fit_one_broker() -> None:
    for topic in by_kind(render("overlays/dev"), "KafkaTopic").values():
        assert topic["spec"]["replicas"] == 1
        assert str(topic["spec"]["config"]["min.insync.replicas"]) == "1"


def _acls(user: Doc) -> dict[tuple[str, str, str], set[str]]:
    out: dict[tuple[str, str, str], set[str]] = {}
    for acl in user["spec"]["authorization"]["acls"]:
        assert acl.get("type", "allow") == "allow"
        r = acl["resource"]
        key = (r["type"], r["name"], r.get("patternType", "literal"))
        out.setdefault(key, set()).update(acl["operations"])
    return out


@pytest.fixture(scope="module")
def users() -> dict[str, Doc]:
    return by_kind(render(PROD), "KafkaUser")


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_may_write_what_it_produces_and_read_what_it_consumes_only(
        users: dict[str, Doc], service: str) -> None:
    user = users[service]
    assert user["spec"]["authentication"]["type"] == "scram-sha-512"
    acls = _acls(user)
    expected: dict[tuple[str, str, str], set[str]] = {}
    for t in ALL_TOPICS:
        ops = ({"Write", "Describe"} if service in t.producers else set()) | (
            {"Read", "Describe"} if service in t.consumers else set())
        if ops:
            expected[("topic", t.name, "literal")] = ops
    expected[("topic", dead_letter_topic(service), "literal")] = {"Write", "Describe"}
    expected[("group", service, "prefix")] = {"Read"}
    assert acls == expected


def test_only_intake_and_examination_write_send_email_and_only_notify_reads_it(
        users: dict[str, Doc]) -> None:
    key = ("topic", SEND_EMAIL.name, "literal")
    writers = {n for n, u in users.items() if "Write" in _acls(u).get(key, set())}
    readers = {n for n, u in users.items() if "Read" in _acls(u).get(key, set())}
    assert writers == {"intake", "examination", "residency-dlq"}  # dlq: replays only
    assert readers == {"notify"}


def test_no_user_has_wildcards_or_broad_operations(users: dict[str, Doc]) -> None:
    for name, user in users.items():
        for (kind, resource, pattern), ops in _acls(user).items():
            assert resource not in ("*", "") and kind in ("topic", "group"), (name, resource)
            assert not ops & {"All", "Alter", "AlterConfigs", "Create", "Delete",
                              "ClusterAction"}, (name, resource, ops)
            if pattern == "prefix":
                assert kind == "group", (name, resource)


def test_every_consumer_group_in_the_code_is_covered_by_its_service_user(
        users: dict[str, Doc]) -> None:
    from residency_documents import handlers as documents
    from residency_examination import commands as exam_commands
    from residency_examination import handlers as exam_handlers
    from residency_intake import cesr_verify, consumers
    from residency_intake.organizations import subscriber as organizations

    groups = {("intake", consumers.CONSUMER), ("intake", cesr_verify.CONSUMER),
              ("intake", organizations.CONSUMER), ("documents", documents.CONSUMER),
              ("examination", exam_handlers.CONSUMER),
              ("examination", exam_commands.CONSUMER), ("notify", "notify")}
    for service, group in groups:
        for topic in (t for t in ALL_TOPICS if service in t.consumers):
            gid = consumer_group(group, topic.name)
            prefixes = [name for (kind, name, pattern), ops in _acls(users[service]).items()
                        if kind == "group" and pattern == "prefix" and "Read" in ops]
            assert any(gid.startswith(p) for p in prefixes), (service, gid)


def test_downstream_readers_only_read_the_public_status_topic(users: dict[str, Doc]) -> None:
    acls = _acls(users["status-reader"])
    assert acls == {("topic", STATUS.name, "literal"): {"Read", "Describe"},
                    ("group", "downstream-", "prefix"): {"Read"}}
    assert STATUS.public


def test_the_dlq_operator_reads_dead_letters_and_writes_back_to_original_topics(
        users: dict[str, Doc]) -> None:
    acls = _acls(users["residency-dlq"])
    for t in DEAD_LETTER_TOPICS:  # Write: the replay records, kept next to the dead letters
        assert acls[("topic", t.name, "literal")] == {"Read", "Write", "Describe"}
    for t in ALL_TOPICS:
        assert acls[("topic", t.name, "literal")] == {"Write", "Describe"}
    assert not [k for k in acls if k[0] == "group"]  # it reads without a consumer group


def test_keda_only_describes(users: dict[str, Doc]) -> None:
    assert all(ops == {"Describe"} for ops in _acls(users["keda"]).values())
