"""The throttle's decision (generic cell-rate algorithm) and its in-process store."""

import pytest
from residency_intake.throttle import Rate, RetryLater, Throttle, admit, retry_after_header


def test_rates_are_written_as_count_per_period() -> None:
    assert Rate.parse("10/min") == Rate(10, 60)
    assert Rate.parse("3/h") == Rate(3, 3600)
    assert Rate.parse("30/10s") == Rate(30, 10)
    assert Rate.parse(" 100 / d ") == Rate(100, 86400)
    for bad in ("10", "ten/min", "10/week", "0/min", "-1/min", "5/0s"):
        with pytest.raises(ValueError):
            Rate.parse(bad)


def test_a_burst_of_count_calls_is_allowed_then_the_next_is_refused_with_the_wait() -> None:
    rate, tat = Rate(3, 60), None
    for _ in range(3):
        decision = admit(tat, 100.0, rate)
        assert decision.allowed and decision.retry_after_s == 0
        tat = decision.tat
    refused = admit(tat, 100.0, rate)
    assert not refused.allowed and refused.retry_after_s == pytest.approx(20)
    assert refused.tat == tat  # a refusal costs nothing more


def test_calls_are_allowed_again_as_the_bucket_refills_evenly() -> None:
    rate, tat = Rate(3, 60), None
    for _ in range(3):
        tat = admit(tat, 0.0, rate).tat
    assert not admit(tat, 19.9, rate).allowed
    assert admit(tat, 20.0, rate).allowed  # one call per 20 s after the burst
    idle = admit(tat, 1000.0, rate)  # long idle: a full bucket again
    assert idle.allowed and idle.tat == pytest.approx(1020.0)


def test_retry_after_is_whole_seconds_and_at_least_one() -> None:
    assert retry_after_header(0.01) == "1"
    assert retry_after_header(1.0) == "1"
    assert retry_after_header(1.2) == "2"
    assert retry_after_header(59.5) == "60"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_store_counts_each_rule_and_key_apart() -> None:
    clock = Clock()
    throttle = Throttle({"login/address": Rate(2, 60), "login/account": Rate(1, 60)},
                        clock=clock)
    throttle.check("login/address", "192.0.2.1")
    throttle.check("login/address", "192.0.2.1")
    throttle.check("login/address", "192.0.2.2")  # another address
    throttle.check("login/account", "192.0.2.1")  # another rule, same key text
    with pytest.raises(RetryLater) as refused:
        throttle.check("login/address", "192.0.2.1")
    assert refused.value.reason == "throttled" and refused.value.retry_after == "30"
    assert throttle.refused == {"login/address": 1}
    clock.now = 30.0
    throttle.check("login/address", "192.0.2.1")


def test_keys_are_compared_without_case() -> None:
    throttle = Throttle({"reminder/email": Rate(1, 3600)}, clock=Clock())
    throttle.check("reminder/email", "Someone@Example.com")
    with pytest.raises(RetryLater):
        throttle.check("reminder/email", "someone@example.COM")


def test_no_key_or_disabled_means_not_throttled() -> None:
    throttle = Throttle({"r": Rate(1, 60)}, clock=Clock())
    for _ in range(3):
        throttle.check("r", None)
    off = Throttle({"r": Rate(1, 60)}, enabled=False, clock=Clock())
    for _ in range(3):
        off.check("r", "192.0.2.1")


def test_the_store_stays_bounded_dropping_idle_keys_first_then_the_least_recent() -> None:
    clock = Clock()
    throttle = Throttle({"r": Rate(1, 10)}, max_keys=100, clock=clock)
    for i in range(100):
        throttle.check("r", f"old-{i}")
    clock.now = 11.0  # every old key's bucket is full again
    throttle.check("r", "busy")
    throttle.check("r", "new")  # over the bound: the idle keys go
    assert len(throttle) == 2
    for i in range(500):
        throttle.check("r", f"k-{i}")
        assert len(throttle) <= 100
    with pytest.raises(RetryLater):
        throttle.check("r", "k-499")  # the most recent keys are kept
