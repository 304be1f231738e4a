"""`residency-docs check`: one JSON verdict per line, exit 0 / 1 / 2."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from tests.unit.documents import corpus

CLI = Path(sys.executable).parent / "residency-docs"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_check_prints_one_verdict_per_file_and_exits_1_when_any_is_refused(tmp_path: Path) -> None:
    good = write(tmp_path, "good.pdf", corpus.good_pdf())
    locked = write(tmp_path, "locked.pdf", corpus.pikepdf_encrypted(r=6, aes=True, user="x"))
    renamed = write(tmp_path, "photo.pdf", corpus.jpeg())
    result = run("check", good, locked, renamed)
    assert result.returncode == 1, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(good), str(locked), str(renamed)]
    assert [line["code"] for line in lines] == ["OK", "PDF_ENCRYPTED", "NOT_PDF"]
    assert lines[0]["ok"] is True and lines[1]["ok"] is False
    assert "パスワード" in lines[1]["message_ja"] and "password" in lines[1]["message_en"]


def test_check_exits_0_when_every_file_is_ok(tmp_path: Path) -> None:
    result = run("check", write(tmp_path, "a.pdf", corpus.good_pdf()))
    assert result.returncode == 0
    assert json.loads(result.stdout)["code"] == "OK"


def test_photo_kind_and_today_decide_the_photo_verdict(tmp_path: Path) -> None:
    photo = write(tmp_path, "face.jpg", corpus.jpeg(taken=dt.date(2026, 1, 10)))
    assert run("check", "--kind", "photo", "--today", "2026-03-01", photo).returncode == 0
    late = run("check", "--kind", "photo", "--today", "2026-08-01", photo)
    assert late.returncode == 1
    assert json.loads(late.stdout)["code"] == "PHOTO_TOO_OLD"
    strict = run("check", "--kind", "photo", "--today", "2026-05-15",
                 "--max-photo-age-months", "3", photo)  # fmt: skip
    assert json.loads(strict.stdout)["code"] == "PHOTO_TOO_OLD"


def test_the_name_does_not_matter_only_the_content(tmp_path: Path) -> None:
    png = write(tmp_path, "face.jpg", corpus.png_bytes())
    result = run("check", "--kind", "photo", png)
    assert json.loads(result.stdout)["code"] == "PHOTO_NOT_JPEG"


def test_a_file_over_25_mb_is_refused_as_limit_size_without_reading_it_all(tmp_path: Path) -> None:
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: 2 GiB
    result = run("check", huge)
    assert result.returncode == 1
    assert json.loads(result.stdout)["code"] == "LIMIT_SIZE"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run().returncode == 2
    assert run("check").returncode == 2
    assert run("check", "--kind", "video", "x").returncode == 2
    assert run("check", "--today", "2026-13-01", "x").returncode == 2
    assert run("check", tmp_path / "missing.pdf").returncode == 2
