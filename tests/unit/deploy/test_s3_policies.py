"""Least privilege in object storage: each service's MinIO user may do only what its code
does, on its own buckets. notify — which attaches CESR PDFs — may read objects in the cesr
bucket and nothing else: not list it, not read passports or photos in quarantine/accepted."""

import json
from typing import Any

import pytest
from residency_messaging import objectstore

from tests.unit.deploy.rendering import Doc, by_kind

POLICIES = {  # (action, resource) pairs the code needs, per service
    "intake": {("s3:ListBucket", "quarantine"), ("s3:GetBucketLocation", "quarantine"),
               ("s3:PutObject", "quarantine/*"), ("s3:GetObject", "quarantine/*"),
               ("s3:DeleteObject", "quarantine/*"),
               ("s3:ListBucket", "accepted"), ("s3:GetBucketLocation", "accepted"),
               ("s3:GetObject", "accepted/*"), ("s3:DeleteObject", "accepted/*")},
    "documents": {("s3:ListBucket", "quarantine"), ("s3:GetBucketLocation", "quarantine"),
                  ("s3:GetObject", "quarantine/*"), ("s3:DeleteObject", "quarantine/*"),
                  ("s3:ListBucket", "accepted"), ("s3:GetBucketLocation", "accepted"),
                  ("s3:PutObject", "accepted/*"), ("s3:GetObject", "accepted/*"),
                  ("s3:DeleteObject", "accepted/*")},
    "examination": {("s3:ListBucket", "cesr"), ("s3:GetBucketLocation", "cesr"),
                    ("s3:PutObject", "cesr/*")},
    "notify": {("s3:GetObject", "cesr/*")},
}


def allowed(policy: dict[str, Any]) -> set[tuple[str, str]]:
    out = set()
    for statement in policy["Statement"]:
        assert statement["Effect"] == "Allow" and "Condition" not in statement
        for action in statement["Action"]:
            for resource in statement["Resource"]:
                assert resource.startswith("arn:aws:s3:::"), resource
                out.add((action, resource.removeprefix("arn:aws:s3:::")))
    return out


@pytest.fixture
def minio_config(docs: list[Doc]) -> dict[str, str]:
    maps = [m for name, m in by_kind(docs, "ConfigMap").items() if name.startswith("s3-buckets")]
    if not maps:
        pytest.skip("this variant uses an external S3 (identities made by its operators)")
    [config] = maps
    return dict(config["data"])


@pytest.mark.parametrize("service", sorted(POLICIES))
def test_each_service_may_do_only_what_its_code_does_on_its_buckets(
        minio_config: dict[str, str], service: str) -> None:
    assert allowed(json.loads(minio_config[f"policy-{service}.json"])) == POLICIES[service]


def test_notify_may_read_cesr_pdfs_and_nothing_else(minio_config: dict[str, str]) -> None:
    rights = allowed(json.loads(minio_config["policy-notify.json"]))
    assert rights == {("s3:GetObject", f"{objectstore.CESR}/*")}
    for bucket in (objectstore.QUARANTINE, objectstore.ACCEPTED):  # passports, photos
        assert not {r for r in rights if r[1].split("/")[0] == bucket}


def test_the_buckets_made_are_those_the_services_declare(minio_config: dict[str, str]) -> None:
    script = minio_config["buckets.sh"]
    assert f"for bucket in {' '.join(objectstore.BUCKETS)}; do" in script


def test_notify_attaches_from_the_bucket_examination_writes(docs: list[Doc]) -> None:
    config = by_kind(docs, "ConfigMap")

    def value(prefix: str, name: str) -> str:
        [found] = [m["data"][name] for n, m in config.items() if n.startswith(prefix)
                   and name in m.get("data", {})]
        return str(found)

    assert value("notify-config", "NOTIFY_CESR_BUCKET") == \
        value("examination-config", "EXAMINATION_CESR_BUCKET")
