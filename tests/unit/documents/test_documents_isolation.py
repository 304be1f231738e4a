"""The isolated path: same verdicts, bounded time and memory, one bad file never stops the pool."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import zlib
from collections.abc import Iterator

import pytest
from residency_contracts.attachments import VerdictCode
from residency_documents.checks import check_file
from residency_documents.isolation import check_file_isolated, check_pool
from residency_sandbox import SandboxPool

from tests.unit.documents import corpus

TODAY = dt.date(2026, 5, 15)


@pytest.fixture(scope="module")
def pool() -> Iterator[SandboxPool]:
    """The pool the service creates at start-up (two workers, as on a small container)."""
    checks = check_pool(2)
    yield checks
    checks.close()


@pytest.fixture(scope="module")
def slow_pdf() -> bytes:
    """A conforming PDF whose 60 MiB of zeros take a while to inflate and parse (under the
    64 MiB bound on one content stream)."""
    deflater = zlib.compressobj(9)
    packed = b"".join(deflater.compress(bytes(1 << 20)) for _ in range(60)) + deflater.flush()
    return corpus.page_with_content(corpus.stream(packed, b"/Filter /FlateDecode"))


@pytest.fixture(scope="module")
def big_pdf() -> bytes:
    """A conforming 20 MB PDF: fine with the default memory bound, not with 16 MiB. Parsing its
    4.5 million operators takes ~2 s of CPU, so the tests that accept it allow 60 s of wall
    clock (they are about memory and transport, not the time bound)."""
    return corpus.page_with_content(corpus.stream(b"0 0 m 1 1 l S\n" * 1_500_000))


async def test_isolated_checks_give_the_same_verdicts_as_in_process_checks(
    pool: SandboxPool,
) -> None:
    files = [
        ("document", corpus.good_pdf()),
        ("document", corpus.pikepdf_encrypted(r=6, aes=True, user="x")),
        ("document", corpus.broken_xref_pdf()),
        ("photo", corpus.jpeg()),
        ("photo", corpus.jpeg(taken=dt.date(2025, 1, 1))),
        ("photo", corpus.png_bytes()),
    ]
    isolated = await asyncio.gather(
        *(
            check_file_isolated(pool, kind, data, today=TODAY, max_photo_age_months=3)
            for kind, data in files
        )
    )
    in_process = [check_file(k, d, today=TODAY, max_photo_age_months=3) for k, d in files]
    assert isolated == in_process


async def test_a_file_past_the_time_bound_is_refused_within_it_and_the_pool_keeps_working(
    pool: SandboxPool, slow_pdf: bytes,
) -> None:
    await pool.warm_up()
    assert check_file("document", slow_pdf, today=TODAY).ok
    started = time.perf_counter()
    result = await check_file_isolated(pool, "document", slow_pdf, today=TODAY, timeout_s=0.02)
    assert result.code == VerdictCode.PDF_MALFORMED
    assert time.perf_counter() - started < 0.5
    assert (await check_file_isolated(pool, "document", corpus.good_pdf(), today=TODAY)).ok
    assert (await check_file_isolated(pool, "document", slow_pdf, today=TODAY)).ok


async def test_a_photo_past_the_time_bound_is_refused_as_corrupt(pool: SandboxPool) -> None:
    data = corpus.jpeg((1500, 2000), noise=True)
    result = await check_file_isolated(pool, "photo", data, today=TODAY, timeout_s=0.001)
    assert result.code == VerdictCode.PHOTO_CORRUPT
    assert (await check_file_isolated(pool, "photo", data, today=TODAY)).ok


async def test_a_file_past_the_memory_bound_is_refused_and_the_pool_keeps_working(
    pool: SandboxPool, big_pdf: bytes,
) -> None:
    result = await check_file_isolated(pool, "document", big_pdf, today=TODAY, memory_mb=16)
    assert result.code == VerdictCode.PDF_MALFORMED
    assert (await check_file_isolated(pool, "document", big_pdf, today=TODAY, timeout_s=60)).ok


async def test_a_stalled_file_does_not_hold_up_the_others(pool: SandboxPool,
                                                          slow_pdf: bytes) -> None:
    slow = check_file_isolated(pool, "document", slow_pdf, today=TODAY, timeout_s=0.05)
    good = [check_file_isolated(pool, "photo", corpus.jpeg(), today=TODAY) for _ in range(6)]
    results = await asyncio.gather(slow, *good)
    assert results[0].code == VerdictCode.PDF_MALFORMED
    assert all(result.ok for result in results[1:])


async def test_a_worker_that_died_while_idle_is_replaced(pool: SandboxPool) -> None:
    await pool.warm_up()
    for worker in list(pool._idle):
        worker.proc.kill()
        worker.proc.wait()
    assert (await check_file_isolated(pool, "document", corpus.good_pdf(), today=TODAY)).ok


async def test_hostile_documents_are_refused_through_the_isolated_path(
    pool: SandboxPool,
) -> None:
    hostile = [
        corpus.flate_bomb_pdf(300),
        corpus.deeply_nested_pdf(100_000),
        corpus.reference_loop_pdf(),
    ]
    results = await asyncio.gather(
        *(check_file_isolated(pool, "document", data, today=TODAY, timeout_s=5) for data in hostile)
    )
    assert [result.code for result in results] == [VerdictCode.PDF_MALFORMED] * 3


def test_files_larger_than_a_socket_buffer_reach_the_workers_under_uvloop(
    pool: SandboxPool, big_pdf: bytes,
) -> None:
    """The services run on uvloop, which leaves an fd it watched non-blocking: the next large
    file must still be sent whole to the same worker, not refused as if the worker had died."""
    import uvloop

    async def twice() -> list[bool]:
        return [(await check_file_isolated(pool, "document", big_pdf, today=TODAY, timeout_s=60)).ok
                for _ in range(3)]

    assert uvloop.run(twice()) == [True, True, True]


async def test_a_24_mb_scan_needing_repair_comes_back_repaired_within_the_default_bounds(
    pool: SandboxPool,
) -> None:
    data = corpus.trailing_bytes(corpus.scanned_pdf(24))
    assert len(data) > 20 * 2**20
    result = await check_file_isolated(pool, "document", data, today=TODAY, timeout_s=60)
    assert result.ok and result.stored is not None
    assert len(result.stored) < len(data)  # the bytes after %%EOF are gone, nothing else
