"""How many check workers documents starts: the CPUs its container may use, or the setting."""

import os
from pathlib import Path

import pytest
from pydantic import ValidationError
from residency_documents.app import create_app
from residency_documents.cpus import container_cpus, quota_cpus, usable_cpus
from residency_documents.settings import DocumentsSettings


@pytest.mark.parametrize(("cpu_max", "cpus"), [
    ("max 100000\n", None),          # no limit
    ("200000 100000\n", 2),          # limits.cpu: 2
    ("150000 100000\n", 2),          # 1.5 CPUs: rounded up
    ("50000 100000\n", 1),           # 500m
    ("400000 200000\n", 2),          # another period
    ("garbage", None),
])
def test_cgroup_v2_cpu_max_gives_the_quota_in_cpus(cpu_max: str, cpus: int | None) -> None:
    assert quota_cpus(cpu_max=cpu_max) == cpus


@pytest.mark.parametrize(("quota", "period", "cpus"), [
    ("-1\n", "100000\n", None), ("300000\n", "100000\n", 3), ("25000\n", "100000\n", 1)])
def test_cgroup_v1_cfs_quota_gives_the_quota_in_cpus(quota: str, period: str,
                                                     cpus: int | None) -> None:
    assert quota_cpus(cfs_quota_us=quota, cfs_period_us=period) == cpus


def test_without_any_cgroup_file_there_is_no_quota() -> None:
    assert quota_cpus() is None


@pytest.mark.parametrize(("quota", "affinity", "cpus"), [
    (2, 64, 2), (None, 4, 4), (8, 2, 2), (None, None, 1), (0, 0, 1)])
def test_usable_cpus_is_the_smaller_bound_and_at_least_one(
        quota: int | None, affinity: int | None, cpus: int) -> None:
    assert usable_cpus(quota, affinity) == cpus


@pytest.fixture
def eight_cpus_pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(8)))


@pytest.mark.usefixtures("eight_cpus_pinned")
def test_a_cgroup_v2_container_limited_to_three_cpus_gets_three(tmp_path: Path) -> None:
    (tmp_path / "cpu.max").write_text("300000 100000\n")
    assert container_cpus(tmp_path) == 3


@pytest.mark.usefixtures("eight_cpus_pinned")
def test_a_cgroup_v1_container_reads_the_cpu_cpuacct_controller(tmp_path: Path) -> None:
    controller = tmp_path / "cpu,cpuacct"
    controller.mkdir()
    (controller / "cpu.cfs_quota_us").write_text("200000\n")
    (controller / "cpu.cfs_period_us").write_text("100000\n")
    assert container_cpus(tmp_path) == 2


@pytest.mark.usefixtures("eight_cpus_pinned")
def test_without_a_quota_the_cpus_the_process_may_run_on_count(tmp_path: Path) -> None:
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert container_cpus(tmp_path) == 8


def _env(monkeypatch: pytest.MonkeyPatch, **extra: str) -> None:
    for key, value in {"DATABASE_URL": "postgresql://db/documents", "S3_ACCESS_KEY": "test",
                       "S3_SECRET_KEY": "test", **extra}.items():
        monkeypatch.setenv(f"DOCUMENTS_{key}", value)


def test_the_worker_count_defaults_to_the_containers_cpus(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch)
    assert DocumentsSettings().check_workers == container_cpus()  # type: ignore[call-arg]


def test_documents_check_workers_sets_the_pool_the_service_checks_with(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch, CHECK_WORKERS="3")
    app, _ = create_app()
    assert app.state.checks.size == 3


def test_zero_workers_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch, CHECK_WORKERS="0")
    with pytest.raises(ValidationError, match="check_workers"):
        DocumentsSettings()  # type: ignore[call-arg]
