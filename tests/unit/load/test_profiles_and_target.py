"""residency-load's profiles (the load shape Locust follows) and how it finds a deployment."""

import json
from pathlib import Path

from residency_load.profiles import PROFILES
from residency_load.target import db_urls_from, from_data_dir


def test_peak_holds_its_users_then_ramps_down_to_the_fixed_ones_and_stops() -> None:
    peak = PROFILES["peak"]
    fixed = peak.bulk_staff + peak.examiners
    assert peak.at(0) == (peak.users, peak.spawn_rate)
    assert peak.at(peak.run_time - peak.ramp_down - 1) == (peak.users, peak.spawn_rate)
    assert peak.at(peak.run_time - 1) == (fixed, peak.spawn_rate)
    assert peak.at(peak.run_time) is None


def test_flags_scale_a_profile_and_never_crowd_out_the_users_who_file() -> None:
    smoke = PROFILES["smoke"].scaled(users=1, run_time=10, spawn_rate=None)
    assert smoke.run_time == 10 and smoke.spawn_rate == PROFILES["smoke"].spawn_rate
    users, _ = smoke.at(0) or (0, 0)
    assert users == smoke.bulk_staff + smoke.examiners + 1


def test_a_local_stack_is_found_by_its_data_directory(tmp_path: Path) -> None:
    (tmp_path / "secrets.json").write_text(json.dumps({
        "postgres_password": "p@ss/word", "s3_access_key": "a", "s3_secret_key": "s",
        "hash_secret": "h", "mail_sealing_key": "k"}))
    (tmp_path / "stack.json").write_text(json.dumps({
        "supervisor_pid": 1, "ports": {"kafka": 1001, "postgres": 1002, "mail_http": 1003,
                                       "s3": 1004},
        "http_ports": {"intake": 1005}}))
    target = from_data_dir(tmp_path)
    assert (target.host, target.mail_url, target.kafka) == (
        "http://127.0.0.1:1005", "http://127.0.0.1:1003", "127.0.0.1:1001")
    assert target.db_url("notify") == "postgresql://postgres:p%40ss%2Fword@127.0.0.1:1002/notify"


def test_one_database_url_names_every_service_database() -> None:
    assert db_urls_from("postgresql://u:p@db:5432/{service}?sslmode=require")["examination"] == \
        "postgresql://u:p@db:5432/examination?sslmode=require"
    assert db_urls_from("postgresql://u:p@db:5432/intake")["documents"] == \
        "postgresql://u:p@db:5432/documents"
