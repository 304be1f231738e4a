"""Topics created at start-up are the declarations in residency_contracts, capped by brokers."""

import pytest
from residency_contracts import ALL_TOPICS, Topic, dead_letter_spec
from residency_messaging.kafka import new_topic

DECLARED = [*ALL_TOPICS, dead_letter_spec("documents")]


@pytest.mark.parametrize("topic", DECLARED, ids=lambda t: t.name)
def test_on_a_cluster_of_three_the_topic_is_created_exactly_as_declared(topic: Topic) -> None:
    created = new_topic(topic, brokers=3)

    assert (created.name, created.num_partitions, created.replication_factor) == (
        topic.name, topic.partitions, topic.replicas)
    assert created.topic_configs == topic.config


@pytest.mark.parametrize("topic", DECLARED, ids=lambda t: t.name)
def test_on_one_broker_replicas_and_min_insync_replicas_are_one_so_it_stays_writable(
        topic: Topic) -> None:
    created = new_topic(topic, brokers=1)

    assert (created.num_partitions, created.replication_factor) == (topic.partitions, 1)
    assert created.topic_configs == {**topic.config, "min.insync.replicas": "1"}
