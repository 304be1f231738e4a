"""residency_sandbox: a call runs in a worker process and answers, raises, or is cut off by its
time or memory bound — and the pool keeps working after every one of them."""

import asyncio
import json
import os
from collections.abc import AsyncIterator

import pytest
from residency_sandbox import SandboxError, SandboxPool, target_of


@pytest.fixture
async def pool() -> AsyncIterator[SandboxPool]:
    sandbox = SandboxPool(1, preload=["json"])
    yield sandbox
    sandbox.close()


async def test_a_call_runs_in_another_process_and_answers(pool: SandboxPool) -> None:
    assert await pool.run(os.getpid, timeout_s=10, memory_mb=64) != os.getpid()
    assert await pool.run("operator:add", 2, 3, timeout_s=10, memory_mb=64) == 5


async def test_a_coroutine_function_is_run_to_completion_in_the_worker(pool: SandboxPool) -> None:
    assert await pool.run(asyncio.sleep, 0, result="done", timeout_s=10, memory_mb=64) == "done"


async def test_an_exception_of_the_function_is_raised_to_the_caller(pool: SandboxPool) -> None:
    with pytest.raises(json.JSONDecodeError):
        await pool.run(json.loads, "{not json", timeout_s=10, memory_mb=64)
    assert await pool.run(json.loads, "[1]", timeout_s=10, memory_mb=64) == [1]


async def test_a_call_past_its_time_bound_is_cut_off_and_the_next_one_runs(
        pool: SandboxPool) -> None:
    with pytest.raises(SandboxError):
        await pool.run("time:sleep", 30, timeout_s=0.2, memory_mb=64)
    assert await pool.run("operator:mul", 6, 7, timeout_s=10, memory_mb=64) == 42


async def test_a_call_past_its_memory_bound_fails_and_the_next_one_runs(pool: SandboxPool) -> None:
    with pytest.raises(SandboxError, match="MemoryError"):
        await pool.run(bytearray, 512 * 1024 * 1024, timeout_s=10, memory_mb=64)
    assert len(await pool.run(bytearray, 1024, timeout_s=10, memory_mb=64)) == 1024


async def test_a_worker_that_dies_mid_call_fails_that_call_only(pool: SandboxPool) -> None:
    with pytest.raises(SandboxError):
        await pool.run(os._exit, 3, timeout_s=10, memory_mb=64)
    assert await pool.run("operator:add", 1, 1, timeout_s=10, memory_mb=64) == 2


async def test_calls_beyond_the_pool_size_wait_for_a_free_worker() -> None:
    sandbox = SandboxPool(2)
    try:
        pids = await asyncio.gather(*(sandbox.run("time:sleep", 0.2, timeout_s=10, memory_mb=64)
                                      for _ in range(4)))
        assert pids == [None] * 4
        assert len(sandbox._idle) == 2
    finally:
        sandbox.close()


def test_functions_are_named_by_module_and_qualified_name() -> None:
    assert target_of(json.loads) == "json:loads"
    assert target_of("time:sleep") == "time:sleep"


def test_a_pool_needs_at_least_one_worker() -> None:
    with pytest.raises(ValueError):
        SandboxPool(0)
