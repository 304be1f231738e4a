"""Zip bombs as bulk files: refused from the archive's directory before anything is inflated,
a part lying about its size is cut where it said it ends, and what is left is bounded by the
sandbox worker intake parses in."""

import io
import pickle
import random
import tracemalloc
import zipfile
from collections.abc import AsyncIterator

import pytest
from residency_contracts import Procedure
from residency_intake.bulk import parsing
from residency_intake.wording import catalogue
from residency_sandbox import SandboxError, SandboxPool

from tests import bombs

MIB = 1024 * 1024


def refused_within(data: bytes, bound: int) -> tuple[str, int]:
    """The refusal's code and whether reading allocated less than `bound` bytes at its peak."""
    catalogue()  # the wordings are imported once, before measuring
    tracemalloc.start()
    try:
        with pytest.raises(parsing.BulkFileError) as info:
            parsing.read(data, Procedure.EXT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return info.value.code, peak < bound


def test_a_small_xlsx_whose_shared_strings_unpack_to_64_mib_is_refused_before_inflating() -> None:
    bomb = bombs.shared_strings_bomb(64)
    assert len(bomb) < MIB  # small enough for the 5 MB upload limit
    assert refused_within(bomb, 8 * MIB) == ("BULK_XLSX_TOO_BIG", True)


def test_a_part_declaring_less_than_it_inflates_to_is_cut_there_and_refused() -> None:
    bomb = bombs.lying_bomb(64, declared=4096)
    parsing.check_archive(bomb)  # the directory looks harmless
    assert refused_within(bomb, 8 * MIB) == ("BULK_NOT_CSV_OR_XLSX", True)


def test_an_archive_with_too_many_parts_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bombs.template_xlsx())) as src, \
            zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for i in range(parsing.XLSX_MAX_ENTRIES):
            dst.writestr(f"xl/media/pad{i}.bin", b"")
    with pytest.raises(parsing.BulkFileError, match="BULK_XLSX_TOO_BIG"):
        parsing.read(out.getvalue(), Procedure.EXT)


def test_a_full_template_of_300_applicants_still_reads() -> None:
    assert len(parsing.read(bombs.template_xlsx(300), Procedure.EXT)) == 300


def test_a_file_level_error_crosses_from_the_worker_intact() -> None:
    error = pickle.loads(pickle.dumps(parsing.xlsx_too_big()))
    assert (error.code, error.ja, error.en) == (parsing.xlsx_too_big().code,
                                                 parsing.xlsx_too_big().ja,
                                                 parsing.xlsx_too_big().en)


def many_strings_xlsx(mib: int) -> bytes:
    """Shared strings that pass the archive checks (varied text, low ratio) but take memory."""
    rng = random.Random(7)
    to_ab = bytes.maketrans(bytes(range(256)), b"ab" * 128)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bombs.template_xlsx())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", bombs.SST_TYPE + b"</Types>")
            dst.writestr(info, content)
        with dst.open(bombs.STRINGS_PART, "w") as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(mib):
                letters = rng.randbytes(MIB // 40 * 24).translate(to_ab)
                part.write(b"".join(b"<si><t>" + letters[i:i + 24] + b"</t></si>"
                                    for i in range(0, len(letters), 24)))
            part.write(b"</sst>")
    return out.getvalue()


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxPool]:
    pool = SandboxPool(1, preload=["residency_intake.bulk.parsing", "openpyxl"])
    yield pool
    pool.close()


async def test_in_the_sandbox_a_bomb_is_refused_by_code_and_a_memory_hog_by_the_bound(
        sandbox: SandboxPool) -> None:
    with pytest.raises(parsing.BulkFileError, match="BULK_XLSX_TOO_BIG"):
        await sandbox.run(parsing.read, bombs.shared_strings_bomb(64), Procedure.EXT,
                          timeout_s=30, memory_mb=256)
    hog = many_strings_xlsx(6)
    parsing.check_archive(hog)  # within the declared sizes: only the memory bound stops it
    with pytest.raises(SandboxError):
        await sandbox.run(parsing.read, hog, Procedure.EXT, timeout_s=30, memory_mb=16)
    rows = await sandbox.run(parsing.read, bombs.template_xlsx(3), Procedure.EXT,
                             timeout_s=30, memory_mb=256)
    assert len(rows) == 3
