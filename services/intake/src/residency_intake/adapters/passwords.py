"""Password hashes: argon2id for account passwords (chosen by people); a keyed hash for
reference passwords (generated).

A reference password is 10 random characters (~60 bits), never chosen by people, so a slow,
memory-hard hash adds nothing against guessing that its length does not already give; what
matters is that a copy of the database alone does not let anyone check guesses offline. A
keyed hash gives that: HMAC-SHA256 under a key derived from the server secret
(`INTAKE_HASH_SECRET`, which already keys the applicant hashes), stored as
`hmac-sha256$<hex>`. It costs microseconds instead of argon2's ~30 ms of CPU per filing.
Hashes written by earlier releases (`$argon2id$…`) still verify.

Each hash and verification is timed: `residency_intake_password_hash_seconds{scheme, operation}`.

Account passwords are hashed and verified by `PasswordWorkers`: a fixed number of threads
(argon2-cffi releases the GIL, so the event loop goes on serving) and a bounded number of
waiting checks; beyond that the caller gets `RetryLater("busy")` (503 with Retry-After) at
once rather than a queue that grows without end.
"""

import asyncio
import hashlib
import hmac
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from residency_messaging.metrics import histogram

from ..throttle import RetryLater

_hasher = PasswordHasher()
HASH_SECONDS = histogram(
    "residency_intake_password_hash_seconds",
    "Password hashing and verification in intake, by scheme (argon2id: account passwords and "
    "older reference passwords; hmac-sha256: reference passwords) and operation.",
    ("scheme", "operation"),
    buckets=(.00001, .00005, .0001, .0005, .001, .005, .01, .025, .05, .1, .25, .5, 1))


@contextmanager
def _timed(scheme: str, operation: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        HASH_SECONDS.labels(scheme, operation).observe(time.perf_counter() - t0)


T = TypeVar("T")


class PasswordWorkers:
    """argon2id off the event loop: `workers` threads, at most `queue` checks waiting."""

    def __init__(self, workers: int, queue: int) -> None:
        self.workers, self.capacity = workers, workers + queue
        self._executor: ThreadPoolExecutor | None = None
        self.in_flight = 0
        self.calls = {"hash": 0, "verify": 0}
        self.refused = 0

    async def _run(self, operation: str, fn: Callable[..., T], *args: str) -> T:
        if self.in_flight >= self.capacity:
            self.refused += 1
            raise RetryLater("busy", 1)
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="argon2")
        self.in_flight += 1
        self.calls[operation] += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)
        finally:
            self.in_flight -= 1

    async def hash(self, password: str) -> str:
        return await self._run("hash", hash_password, password)

    async def verify(self, stored: str, password: str) -> bool:
        return await self._run("verify", verify_password, stored, password)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)


REFERENCE_SCHEME = "hmac-sha256$"
_REFERENCE_PURPOSE = b"residency-online reference password v1"


def hash_password(password: str) -> str:
    with _timed("argon2id", "hash"):
        return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    with _timed("argon2id", "verify"):
        try:
            return _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False


def _reference_key(secret: str) -> bytes:
    """A key of its own for reference passwords (not the applicant hashes' key itself)."""
    return hmac.new(secret.encode(), _REFERENCE_PURPOSE, hashlib.sha256).digest()


def _keyed(password: str, secret: str) -> str:
    digest = hmac.new(_reference_key(secret), password.encode(), hashlib.sha256).hexdigest()
    return REFERENCE_SCHEME + digest


def hash_reference_password(password: str, secret: str) -> str:
    with _timed("hmac-sha256", "hash"):
        return _keyed(password, secret)


def verify_reference_password(stored: str, password: str, secret: str) -> bool:
    """A stored reference-password hash of either scheme: keyed (`hmac-sha256$`) or argon2
    (written before the keyed hash; verify reads its parameters from the hash)."""
    if stored.startswith(REFERENCE_SCHEME):
        with _timed("hmac-sha256", "verify"):
            return hmac.compare_digest(stored, _keyed(password, secret))
    return verify_password(stored, password)
