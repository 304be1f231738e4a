"""Does intake stay responsive and bounded under cheap abuse? One run on the embedded stack,
localhost only, every phase bounded in time and requests.

    .venv/bin/python benchmarks/abuse_bench.py [--seconds 15] [--concurrency 32]
        [--phases baseline,bodies,login,reset,cesr,all] [--pin on|off] [--throttle on|off]

Starts the embedded stack and intake alone (free ports, temporary directory), then measures
`GET /healthz` latency (p50/p99/max, one probe at a time, every 50 ms, from a process of its
own) in each phase, while this process floods from one pinned CPU (`--pin off` to share):
  baseline  nothing else running.
  login     `--concurrency` clients POST /auth/token without pause: wrong passwords for one
            real account and for unknown login IDs.
  reset     the same with POST /accounts/password-reset {token: "x", password} (an unknown
            token with a valid new password) and POST /accounts/password-reset-requests.
  cesr      the same with POST /cesr/verify: sequential numbers (JSON) and a 1 MB PDF that is
            not a CESR (multipart, parsed in the sandbox workers).
  all       the three floods at once.
  bodies    intake's resident memory (its process, and its sandbox workers apart) sampled every
            20 ms while oversized bodies are sent: a 64 MB JSON body (chunked, no
            Content-Length), a 64 MB multipart text field, a 64 MB file part to /cesr/verify,
            and .xlsx zip bombs to /bulk/EXT (a 700 KB file declaring 200 MiB of shared
            strings, and one lying about its size).
The answers' status codes are counted per flood (429 = throttled; every client is 127.0.0.1, so
the per-address throttles see one client). Throttles are on unless `--throttle off`. Prints the
figures; no thresholds (the machine is shared: compare phases of one run, not runs).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import functools
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

import httpx
from residency_devstack.ports import free_port
from residency_devstack.supervisor import build_services
from residency_devstack.testing import running_stack
from residency_intake.accounts.seed import create_staff
from residency_messaging.db import create_pool

sys.path.insert(0, str(Path(__file__).parent.parent))
from tests import bombs  # noqa: E402

PASSWORD = "Bench-Pass-1!"
MIB = 1024 * 1024
PROBE_EVERY_S = 0.05
ALL_CPUS = os.sched_getaffinity(0)


# --- probes -----------------------------------------------------------------------------------

def probe_process(url: str) -> None:
    """`--probe URL`: GET /healthz one at a time every PROBE_EVERY_S until SIGTERM, over one
    keep-alive connection, from this separate process (the flood's event loop would otherwise
    delay the probe's own reading of the answer); prints the latencies (s; null = no 200)."""
    import http.client
    import json
    import signal
    from urllib.parse import urlsplit

    stopped = []
    signal.signal(signal.SIGTERM, lambda *_: stopped.append(True))
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    out: list[float | None] = []
    print("probing", flush=True)
    while not stopped:
        t0 = time.perf_counter()
        try:
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            out.append(time.perf_counter() - t0 if response.status == 200 else None)
        except (OSError, http.client.HTTPException):
            out.append(None)
            conn.close()
        time.sleep(PROBE_EVERY_S)
    print(json.dumps(out), flush=True)


async def probe_health(url: str, stop: asyncio.Event) -> list[float]:
    """The probe process's latencies (s; inf = failed) until `stop`. It may run on any CPU;
    this process, which floods, is pinned to one (`pin_flood`)."""
    import json

    proc = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--probe", url, stdout=asyncio.subprocess.PIPE,
        preexec_fn=lambda: os.sched_setaffinity(0, ALL_CPUS))
    assert proc.stdout is not None
    await asyncio.wait_for(proc.stdout.readline(), timeout=60)  # "probing"
    await stop.wait()
    proc.terminate()
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=60)
    return [float("inf") if x is None else x for x in json.loads(out)]


def pin_flood() -> str:
    """Pin this process (the floods' clients) to the last CPU, so the load generator does not
    take intake's CPU; returns what was done, for the report."""
    if len(ALL_CPUS) < 2:
        return "flood not pinned (one CPU)"
    cpu = max(ALL_CPUS)
    os.sched_setaffinity(0, {cpu})
    return f"flood pinned to CPU {cpu}, intake and the probe on any of {sorted(ALL_CPUS)}"


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return found


def cpu_ticks(pid: int) -> int:
    """CPU time (clock ticks) of a process and its sandbox workers."""
    total = 0
    for p in (pid, *children(pid)):
        try:
            with open(f"/proc/{p}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total


async def settled(pid: int, timeout_s: float = 120) -> float:
    """Wait (bounded) until intake and its sandbox workers are idle: the workers import their
    modules at start, which would otherwise fall into the first phase."""
    t0 = time.monotonic()
    last, quiet = cpu_ticks(pid), 0
    while quiet < 3 and time.monotonic() - t0 < timeout_s:
        await asyncio.sleep(0.5)
        now = cpu_ticks(pid)
        quiet = quiet + 1 if now - last <= 2 else 0
        last = now
    return time.monotonic() - t0


async def sample_rss(pid: int, stop: asyncio.Event) -> tuple[list[int], list[int]]:
    """intake's RSS and the largest sandbox worker's RSS (kB), every 20 ms until `stop`."""
    own: list[int] = []
    workers: list[int] = []
    while not stop.is_set():
        own.append(rss_kb(pid))
        workers.append(max((rss_kb(c) for c in children(pid)), default=0))
        await asyncio.sleep(0.02)
    return own, workers


# --- floods -----------------------------------------------------------------------------------

Flood = Callable[[httpx.AsyncClient, int], Awaitable[int]]


def login_flood(real_login: str) -> Flood:
    async def one(c: httpx.AsyncClient, i: int) -> int:
        login = real_login if i % 2 else f"U{uuid.uuid4().int % 10**9:09d}"
        r = await c.post("/auth/token", json={"login_id": login, "password": f"Wrong-{i}-pass!"})
        return r.status_code
    return one


async def reset_flood(c: httpx.AsyncClient, i: int) -> int:
    if i % 4 == 0:
        r = await c.post("/accounts/password-reset-requests",
                         json={"login_id": f"U{i:09d}", "email": f"nobody{i}@example.com"})
    else:
        r = await c.post("/accounts/password-reset",
                         json={"token": "x", "password": f"New-Pass-{i}-word!"})
    return r.status_code


def cesr_flood(pdf: bytes) -> Flood:
    async def one(c: httpx.AsyncClient, i: int) -> int:
        if i % 4 == 0:
            r = await c.post("/cesr/verify",
                             files={"file": ("c.pdf", pdf, "application/pdf")})
        else:
            r = await c.post("/cesr/verify", json={"cesr_number": f"東オンCESR26{i:06d}"})
        return r.status_code
    return one


async def flood(url: str, floods: list[Flood], concurrency: int, stop: asyncio.Event,
                counts: collections.Counter[str]) -> None:
    """`concurrency` clients per flood, each sending without pause until `stop` (each client is
    its own 'address' only as far as intake can tell from one loopback peer)."""
    async def client_loop(f: Flood, k: int) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60) as c:
            i = k
            while not stop.is_set():
                try:
                    status = await f(c, i)
                except httpx.HTTPError as exc:
                    counts[f"{f.__qualname__.split('.')[0]}:{type(exc).__name__}"] += 1
                else:
                    counts[f"{f.__qualname__.split('.')[0]}:{status}"] += 1
                i += concurrency
    await asyncio.gather(*(client_loop(f, k) for f in floods for k in range(concurrency)))


async def flooded(url: str, floods: list[Flood], concurrency: int, stop: asyncio.Event, *,
                  counts: collections.Counter[str]) -> None:
    """The floods of a phase until `stop`; none for the baseline."""
    if floods:
        await flood(url, floods, concurrency, stop, counts)
    else:
        await stop.wait()


def figures(latencies: list[float]) -> str:
    ok = sorted(x for x in latencies if x != float("inf"))
    failed = len(latencies) - len(ok)
    if not ok:
        return f"no answer ({failed} failed)"
    p = statistics.quantiles(ok, n=100, method="inclusive") if len(ok) > 1 else [ok[0]] * 99
    return (f"n={len(ok):4d}  p50 {p[49] * 1000:7.1f} ms  p99 {p[98] * 1000:7.1f} ms  "
            f"max {ok[-1] * 1000:7.1f} ms" + (f"  ({failed} failed)" if failed else ""))


async def measured(url: str, seconds: float,
                   load: Callable[[asyncio.Event], Coroutine[Any, Any, None]]
                   ) -> list[float]:
    stop, probe_stop = asyncio.Event(), asyncio.Event()
    loading = asyncio.create_task(load(stop))
    await asyncio.sleep(0.5)  # the floods under way before the probe starts
    probing = asyncio.create_task(probe_health(url, probe_stop))
    await asyncio.sleep(seconds)
    probe_stop.set()
    latencies = await probing
    stop.set()
    await loading
    return latencies


# --- oversized bodies and bombs ---------------------------------------------------------------

async def zeros(n: int, chunk: int = 256 * 1024) -> AsyncIterator[bytes]:
    sent = 0
    while sent < n:
        yield bytes(min(chunk, n - sent))
        sent += chunk


async def multipart(name: str, filename: str | None, n: int) -> AsyncIterator[bytes]:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    yield f"--bb\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
    async for chunk in zeros(n):
        yield chunk
    yield b"\r\n--bb--\r\n"


async def bodies(url: str, token: str, rounds: int) -> collections.Counter[str]:
    seen: collections.Counter[str] = collections.Counter()
    auth = {"authorization": f"Bearer {token}"}
    form = {"content-type": "multipart/form-data; boundary=bb"}
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    bomb, lying = bombs.shared_strings_bomb(200), bombs.lying_bomb(64)
    async with httpx.AsyncClient(base_url=url, timeout=120) as c:
        for _ in range(rounds):
            sends = [
                ("json 64 MB", c.post("/auth/token", content=zeros(64 * MIB),
                                      headers={"content-type": "application/json"})),
                ("text field 64 MB", c.post("/bulk/EXT", content=multipart("note", None, 64 * MIB),
                                            headers=form | auth)),
                ("file part 64 MB", c.post("/cesr/verify",
                                           content=multipart("file", "c.pdf", 64 * MIB),
                                           headers=form)),
                ("xlsx bomb", c.post("/bulk/EXT", headers=auth,
                                     files={"file": ("b.xlsx", bomb, xlsx)})),
                ("lying xlsx bomb", c.post("/bulk/EXT", headers=auth,
                                           files={"file": ("b.xlsx", lying, xlsx)})),
            ]
            answers = await asyncio.gather(*(s for _, s in sends), return_exceptions=True)
            for (label, _), answer in zip(sends, answers, strict=True):
                if isinstance(answer, BaseException):
                    seen[f"{label}: {type(answer).__name__}"] += 1
                else:
                    seen[f"{label}: {answer.status_code} {answer.json().get('code')}"] += 1
    return seen


# --- the run ----------------------------------------------------------------------------------

async def staff_token(url: str, database_url: str) -> tuple[str, str]:
    login = f"abuse-{uuid.uuid4().hex[:6]}"
    pool = await create_pool(database_url)
    await create_staff(pool, login_id=login, email=f"{login}@example.ac.jp", password=PASSWORD,
                       organization=f"Bench {login}")
    await pool.close()
    async with httpx.AsyncClient(base_url=url, timeout=60) as c:
        r = await c.post("/auth/token", json={"login_id": login, "password": PASSWORD})
        r.raise_for_status()
        return login, str(r.json()["access_token"])


async def bench(args: argparse.Namespace, url: str, database_url: str, pid: int) -> None:
    phases = args.phases.split(",")
    # a second account logs in for the bodies phase: the first is the login flood's target
    login, _ = await staff_token(url, database_url)
    _, token = await staff_token(url, database_url)
    pdf = b"%PDF-1.7\n" + os.urandom(MIB) + b"\n%%EOF\n"
    floods: dict[str, list[Flood]] = {"login": [login_flood(login)], "reset": [reset_flood],
                                      "cesr": [cesr_flood(pdf)]}
    floods["all"] = floods["login"] + floods["reset"] + floods["cesr"]
    print(f"intake idle after {await settled(pid):.1f} s (sandbox workers started)", flush=True)
    for phase in phases:
        if phase == "bodies":
            await bodies_phase(url, token, args.rounds, pid)
            continue
        counts: collections.Counter[str] = collections.Counter()
        load = functools.partial(flooded, url, floods.get(phase, []), args.concurrency,
                                 counts=counts)
        latencies = await measured(url, args.seconds, load)
        print(f"{phase:9s} /healthz {figures(latencies)}", flush=True)
        if counts:
            total = sum(counts.values())
            print(f"{'':9s} {total} flood requests ({total / args.seconds:.0f}/s): "
                  + ", ".join(f"{k} ×{v}" for k, v in sorted(counts.items())), flush=True)


async def bodies_phase(url: str, token: str, rounds: int, pid: int) -> None:
    """intake's memory and /healthz while the oversized bodies and bombs are sent; the probe
    runs from a second before the first body to a second after the last answer."""
    await asyncio.sleep(2)
    before = rss_kb(pid)
    stop, probe_stop = asyncio.Event(), asyncio.Event()
    sampling = asyncio.create_task(sample_rss(pid, stop))
    probing = asyncio.create_task(probe_health(url, probe_stop))
    await asyncio.sleep(1)
    seen = await bodies(url, token, rounds)
    await asyncio.sleep(1)
    probe_stop.set()
    stop.set()
    latencies = await probing
    own, workers = await sampling
    print(f"bodies    /healthz {figures(latencies)}", flush=True)
    print(f"{'':9s} intake RSS before {before / 1024:.0f} MB, peak {max(own) / 1024:.0f} MB, "
          f"after {rss_kb(pid) / 1024:.0f} MB; largest sandbox worker peak "
          f"{max(workers) / 1024:.0f} MB", flush=True)
    print(f"{'':9s} answers: " + ", ".join(f"{k} ×{v}" for k, v in sorted(seen.items())),
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15, help="length of each phase")
    parser.add_argument("--concurrency", type=int, default=32, help="clients per flood")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of oversized bodies")
    parser.add_argument("--phases", default="baseline,bodies,login,reset,cesr,all",
                        help="in this order (bodies before the floods: the CESR flood leaves "
                        "its per-address allowance spent)")
    parser.add_argument("--throttle", choices=["on", "off"], default="on",
                        help="intake's throttles (the local stack turns them off by default)")
    parser.add_argument("--pin", choices=["on", "off"], default="on",
                        help="pin the floods' clients to one CPU (see pin_flood)")
    parser.add_argument("--probe", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        probe_process(args.probe)
        return
    print(f"abuse_bench: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, "
          f"{args.seconds:g} s per phase, {args.concurrency} clients per flood, "
          f"throttles {args.throttle}", flush=True)
    env = os.environ | {"INTAKE_THROTTLE_ENABLED": "true" if args.throttle == "on" else "false"}
    with tempfile.TemporaryDirectory() as tmp, running_stack(Path(tmp)) as stack:
        port = free_port()
        (intake,) = build_services(stack, {"intake": port}, names=["intake"], base_env=env)
        intake.start()
        try:
            intake.wait_ready(90)
            assert intake.pid is not None
            print(pin_flood() if args.pin == "on" else "flood not pinned", flush=True)
            asyncio.run(bench(args, f"http://127.0.0.1:{port}", stack.database_url("intake"),
                              intake.pid))
        finally:
            intake.stop()


if __name__ == "__main__":
    main()
