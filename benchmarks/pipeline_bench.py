"""Throughput of filing on the embedded stack, next to a bare pipeline doing the same essential
work, in ONE run (same machine, same moment, so the ratio means something on a shared box).

    .venv/bin/python benchmarks/pipeline_bench.py [--filings 400] [--attached 120]
        [--phases bare,plain,attached,latency,bulk] [--env NOTIFY_WORKERS=6 ...]
        [--profile intake,examination,notify --py-spy PATH]

Starts the embedded stack and the four services (free ports, temporary directory), then:
  bare      asyncpg insert + outbox row (one transaction) → the outbox relay → aiokafka →
            a consumer group: inbox row (one transaction) → one SMTP send to the mail sink;
            16 at a time; until every email is in the sink.
  plain     16 clients: POST /applications (WRK, no attachments) + POST /applications/{id}/file;
            until every provisional receipt number email is in the sink (each filing also
            makes its reference number and password emails).
  attached  the same with a ~1 MB scanned PDF and a 900×1200 photo per filing (uploaded, checked
            by documents, then filed; timed from the first upload).
  latency   open-loop arrivals at half the sustained `plain` rate: create + file each; p50/p99
            from the filing request to the 申請完了 event (with the provisional number) on
            residency.status.v1.
  bulk      a 300-row EXT bulk filing, request until every applicant's provisional email
            (benchmarks/bulk_bench.py's procedure).
With --profile, py-spy samples those services during `plain` and the top of each profile is
printed (share of the service's busy samples in which a function is on the stack / on top).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from pathlib import Path
from uuid import UUID

import aiosmtplib
import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from pydantic import BaseModel
from residency_devstack import samples
from residency_devstack.ports import free_port
from residency_devstack.stack import EmbeddedStack
from residency_devstack.supervisor import SERVICES, ServiceProcess, build_services
from residency_devstack.testing import running_stack
from residency_intake.accounts.seed import create_staff
from residency_messaging.db import create_pool
from residency_messaging.outbox import OutboxRelay, enqueue_many

sys.path.insert(0, str(Path(__file__).parent))
import bulk_bench  # noqa: E402
from documents_bench import photo as big_photo  # noqa: E402
from documents_bench import scanned_pdf  # noqa: E402

PASSWORD = "Bench-Pass-1!"
CONCURRENCY = 16
TARGETS = {"plain_ratio": 0.5, "attached": 30.0, "p99": 2.0, "bulk": 5.0}
_passports = iter(range(10_000_000))


def passport() -> str:
    """Unique within the run, so no filing is held as a duplicate of another."""
    return f"TB{next(_passports):07d}"


async def gather_limited(n: int, concurrency: int, job: Callable[[int], Awaitable[None]]) -> None:
    queue = iter(range(n))

    async def worker() -> None:
        for i in queue:
            await job(i)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def mail_count(mail_api: str, **where: str) -> int:
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{mail_api}/api/messages/count", params=where)
        r.raise_for_status()
        return int(r.json()["messages"])


async def until_mails(mail_api: str, n: int, timeout: float = 600, **where: str) -> float:
    t0 = time.monotonic()
    while await mail_count(mail_api, **where) < n:
        if time.monotonic() - t0 > timeout:
            raise SystemExit(f"timed out waiting for {n} emails ({where})")
        await asyncio.sleep(0.1)
    return time.monotonic()


# --- bare pipeline ----------------------------------------------------------------------------

class BareFiled(BaseModel):
    event_id: UUID
    filing_id: UUID
    to: str
    number: int


BARE_SCHEMA = [
    "CREATE TABLE filings (id uuid PRIMARY KEY, number bigint NOT NULL, payload jsonb NOT NULL,"
    " filed_at timestamptz NOT NULL DEFAULT now())",
    "CREATE TABLE outbox (id bigserial PRIMARY KEY, topic text NOT NULL, key text,"
    " payload bytea NOT NULL, event_type text NOT NULL,"
    " created_at timestamptz NOT NULL DEFAULT now())",
    "CREATE TABLE inbox (consumer text NOT NULL, event_id uuid NOT NULL,"
    " processed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id))",
    "CREATE SEQUENCE numbers",
]


async def bare(stack: EmbeddedStack, n: int) -> float:
    """Filings/s of the bare pipeline (see the module docstring)."""
    db = f"bench_{uuid.uuid4().hex[:6]}"
    admin = await asyncpg.connect(stack.database_url("postgres"))
    await admin.execute(f"CREATE DATABASE {db}")
    await admin.close()
    pool = await create_pool(stack.database_url(db))
    for statement in BARE_SCHEMA:
        await pool.execute(statement)
    topic = f"bench.bare.{db}"
    kafka = AIOKafkaAdminClient(bootstrap_servers=stack.kafka_bootstrap)
    await kafka.start()
    await kafka.create_topics([NewTopic(topic, 3, 1)])
    await kafka.close()
    producer = AIOKafkaProducer(bootstrap_servers=stack.kafka_bootstrap, acks="all", linger_ms=5)
    await producer.start()
    relay = OutboxRelay(pool, producer)
    await relay.start()
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=stack.kafka_bootstrap,
                                group_id=f"{db}-consumer", auto_offset_reset="earliest")
    await consumer.start()
    smtp_idle: asyncio.Queue[aiosmtplib.SMTP] = asyncio.Queue()
    for _ in range(3):  # as many SMTP connections as notify has by default
        smtp = aiosmtplib.SMTP(hostname=stack.smtp_host, port=stack.smtp_port)
        await smtp.connect()
        smtp_idle.put_nowait(smtp)
    tag = uuid.uuid4().hex[:6]

    async def handle(raw: bytes) -> None:
        event = BareFiled.model_validate_json(raw)
        async with pool.acquire() as conn, conn.transaction():
            if not await conn.fetchval("INSERT INTO inbox VALUES ('bare', $1) ON CONFLICT "
                                       "DO NOTHING RETURNING true", event.event_id):
                return
        msg = EmailMessage()
        msg["From"], msg["To"] = "bench@example.invalid", event.to
        msg["Subject"] = f"bare {event.number}"
        msg["Message-ID"] = f"<{event.event_id}@bench>"
        msg.set_content(f"number {event.number}")
        msg.add_alternative(f"<p>number {event.number}</p>", subtype="html")
        smtp = await smtp_idle.get()
        try:
            await smtp.send_message(msg)
        finally:
            smtp_idle.put_nowait(smtp)

    async def consume() -> None:
        while True:
            batches = await consumer.getmany(timeout_ms=100, max_records=100)
            await asyncio.gather(*(handle(r.value) for records in batches.values()
                                   for r in records if r.value))

    async def file(i: int) -> None:
        async with pool.acquire() as conn, conn.transaction():
            number = await conn.fetchval("SELECT nextval('numbers')")
            filing_id = uuid.uuid4()
            await conn.execute("INSERT INTO filings (id, number, payload) VALUES ($1, $2, $3)",
                               filing_id, number, json.dumps(samples.wrk_content()))
            event = BareFiled(event_id=uuid.uuid4(), filing_id=filing_id,
                              to=f"bare{tag}-{i}@example.com", number=number)
            await enqueue_many(conn, [(topic, str(filing_id), event)])

    while not consumer.assignment():  # joined the group before the clock starts
        await consumer.getmany(timeout_ms=100)
    consuming = asyncio.create_task(consume())
    t0 = time.monotonic()
    await gather_limited(n, CONCURRENCY, file)
    t1 = await until_mails(stack.mail_api_url, n, to_prefix=f"bare{tag}-")
    consuming.cancel()
    await consumer.stop()
    await relay.stop()
    await producer.stop()
    while not smtp_idle.empty():
        await smtp_idle.get_nowait().quit()
    await pool.close()
    return n / (t1 - t0)


# --- the real stack ---------------------------------------------------------------------------

async def staff_client(intake: str, database_url: str, label: str) -> tuple[httpx.AsyncClient, str]:
    """A client logged in as a new organization's staff member, and that member's email."""
    login = f"{label}-{uuid.uuid4().hex[:6]}"
    email = f"{login}@example.ac.jp"
    pool = await create_pool(database_url)
    await create_staff(pool, login_id=login, email=email, password=PASSWORD,
                       organization=f"Bench {login}")
    await pool.close()
    client = httpx.AsyncClient(base_url=intake, timeout=120,
                               limits=httpx.Limits(max_connections=2 * CONCURRENCY))
    token = (await client.post("/auth/token", json={"login_id": login, "password": PASSWORD})
             ).json()["access_token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return client, email


async def create(c: httpx.AsyncClient) -> str:
    made = await c.post("/applications", json={"procedure": "WRK", "content": samples.wrk_content(
        passport_number=passport())})
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def file(c: httpx.AsyncClient, app_id: str) -> None:
    r = await c.post(f"/applications/{app_id}/file")
    assert r.status_code == 200, r.text


PROVISIONAL = "受付仮番号"


async def plain(intake: str, db: str, mail_api: str, n: int) -> tuple[float, float]:
    """(filings/s until every provisional email, filings/s of the HTTP requests alone)."""
    c, filer = await staff_client(intake, db, "plain")

    async def one(_i: int) -> None:
        await file(c, await create(c))

    t0 = time.monotonic()
    await gather_limited(n, CONCURRENCY, one)
    requests_s = time.monotonic() - t0
    t1 = await until_mails(mail_api, n, to=filer, subject=PROVISIONAL)
    await c.aclose()
    return n / (t1 - t0), n / requests_s


async def attached(intake: str, db: str, mail_api: str, n: int) -> tuple[float, float]:
    """(filings/s with a ~1 MB PDF and a photo, until every provisional email; MB of PDF)."""
    rng = random.Random(11)
    pdfs = [scanned_pdf(1.0, rng) for _ in range(4)]
    photos = [big_photo(rng) for _ in range(4)]
    c, filer = await staff_client(intake, db, "attached")

    async def one(i: int) -> None:
        app_id = await create(c)
        for kind, name, data, mime in (("document", "a.pdf", pdfs[i % 4], "application/pdf"),
                                       ("photo", "p.jpg", photos[i % 4], "image/jpeg")):
            up = await c.post(f"/applications/{app_id}/attachments", params={"kind": kind},
                              files={"file": (name, data, mime)})
            assert up.status_code == 202, up.text
        for _ in range(2400):  # the verdicts come from documents; bounded
            r = await c.post(f"/applications/{app_id}/file")
            if r.status_code == 200:
                return
            assert r.status_code == 409 and r.json()["code"] == "ATTACHMENTS_PENDING", r.text
            await asyncio.sleep(0.25)
        raise SystemExit("attachment verdicts did not arrive")

    t0 = time.monotonic()
    await gather_limited(n, CONCURRENCY, one)
    t1 = await until_mails(mail_api, n, to=filer, subject=PROVISIONAL)
    await c.aclose()
    return n / (t1 - t0), sum(map(len, pdfs)) / len(pdfs) / 2**20


async def latency(intake: str, db: str, bootstrap: str, rate: float, seconds: float
                  ) -> list[float]:
    """Seconds from each filing request to its 申請完了 event on residency.status.v1, for
    filings arriving (open loop) at `rate` per second."""
    c, _filer = await staff_client(intake, db, "latency")
    consumer = AIOKafkaConsumer("residency.status.v1", bootstrap_servers=bootstrap,
                                enable_auto_commit=False, auto_offset_reset="latest",
                                group_id=None)
    await consumer.start()
    partitions = consumer.assignment() or set()
    while not partitions:
        await asyncio.sleep(0.1)
        partitions = consumer.assignment()
    await consumer.seek_to_end(*partitions)
    for tp in partitions:  # resolve the positions now, before the first filing
        await consumer.position(tp)
    sent: dict[str, float] = {}
    seen: dict[str, float] = {}

    async def watch() -> None:
        async for record in consumer:
            event = json.loads(record.value or b"{}")
            if event.get("status") == "filed" and event.get("provisional_receipt_number"):
                seen.setdefault(event["application_id"], time.monotonic())

    async def one() -> None:
        app_id = await create(c)
        sent[app_id] = time.monotonic()
        await file(c, app_id)

    watching = asyncio.create_task(watch())
    arrivals = []
    n = max(1, int(rate * seconds))
    t0 = time.monotonic()
    for i in range(n):
        await asyncio.sleep(max(0.0, t0 + i / rate - time.monotonic()))
        arrivals.append(asyncio.create_task(one()))
    await asyncio.gather(*arrivals)
    for _ in range(1200):  # up to 120 s for the last events
        if not set(sent) - set(seen):
            break
        await asyncio.sleep(0.1)
    watching.cancel()
    await consumer.stop()
    await c.aclose()
    missing = set(sent) - set(seen)
    if missing:
        raise SystemExit(f"{len(missing)} filings never reached 申請完了 on the status topic")
    return [seen[a] - sent[a] for a in sent]


async def bulk(intake: str, db: str, mail_api: str, rows: int) -> float:
    c, _filer = await staff_client(intake, db, "bulk")
    try:
        return await bulk_bench.bulk_filing(c, mail_api, rows)
    finally:
        await c.aclose()


async def sink_rate(mail_api: str, before: int, filings: int, rate: float) -> str:
    """Emails the sink took in a phase, per filing and per second."""
    emails = await mail_count(mail_api) - before
    return (f"  mail sink: {emails / filings:.1f} emails a filing, "
            f"{emails * rate / filings:.1f} emails/s")


# --- CPU accounting ---------------------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_table() -> tuple[dict[int, int], dict[int, float]]:
    """(parent of each pid, CPU seconds of each pid) from /proc."""
    parents, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / _TICK  # utime + stime
    return parents, cpu


def cpu_seconds(roots: dict[str, int | None]) -> dict[str, float]:
    """CPU seconds used so far by each named process and its descendants alive now
    (PostgreSQL's backends, documents' check workers)."""
    parents, cpu = _cpu_table()
    children: dict[int, list[int]] = collections.defaultdict(list)
    for pid, parent in parents.items():
        children[parent].append(pid)
    out = {}
    for name, root in roots.items():
        total, todo = 0.0, [root] if root else []
        while todo:
            pid = todo.pop()
            total += cpu.get(pid, 0.0)
            todo += children.get(pid, [])
        out[name] = total
    out["bench client"] = cpu.get(os.getpid(), 0.0)  # itself only: the others are its children
    return out


class CpuMeter:
    """CPU per filing of each service and each part of the stack over one phase."""

    def __init__(self, stack: EmbeddedStack, procs: dict[str, ServiceProcess]) -> None:
        self.roots: dict[str, int | None] = {name: p.pid for name, p in procs.items()}
        self.roots |= {name: p.pid for name, p in stack.processes().items()}
        self.start = cpu_seconds(self.roots)

    def report(self, filings: int) -> str:
        end = cpu_seconds(self.roots)
        used = {k: end[k] - self.start.get(k, 0.0) for k in end}
        parts = [f"{k} {1000 * v / filings:.1f}" for k, v in
                 sorted(used.items(), key=lambda kv: -kv[1]) if v > 0]
        return (f"  CPU ms per filing: total {1000 * sum(used.values()) / filings:.1f} = "
                + ", ".join(parts))


# --- profiles ---------------------------------------------------------------------------------

def start_profiles(procs: dict[str, ServiceProcess], names: list[str], py_spy: str,
                   out: Path) -> list[tuple[str, subprocess.Popen[bytes], Path]]:
    started = []
    for name in names:
        path = out / f"{name}.collapsed"
        argv = [py_spy, "record", "--pid", str(procs[name].pid), "--format", "raw",
                "--rate", "50", "--subprocesses", "--output", str(path)]
        started.append((name, subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL), path))
    return started


def stop_profiles(started: list[tuple[str, subprocess.Popen[bytes], Path]], top: int) -> None:
    for _name, proc, _path in started:
        proc.send_signal(2)  # SIGINT: py-spy writes its output and exits
    for name, proc, path in started:
        proc.wait(30)
        text = path.read_text() if path.exists() else ""
        print(f"\nprofile of {name} (py-spy, busy samples; {path}):\n{summarize(text, top)}")


# Leaf frames of a thread that waits (py-spy cannot always tell idle threads here).
IDLE = {"Condition.wait (threading.py)", "_worker (thread.py)", "EpollSelector.select (selectors.py)",
        "Queue.get (queue.py)", "Event.wait (threading.py)", "select (selectors.py)",
        "Connection._recv (connection.py)", "Connection.recv (connection.py)",
        "Runner.run (runners.py)"}  # uvloop: waiting (or in its C code) inside run_forever
# Frames every busy sample of an asyncio service has: not worth listing.
COMMON = ("Thread.", "_bootstrap", "run_forever", "run_until_complete", "Runner.run",
          "asyncio_run", "serve (", "<module>", "main (", "run (", "Server.run", "_run_once",
          "Handle._run", "_worker (")


def frame_name(frame: str) -> str:
    """`func (path/file.py:line)` → `func (file.py)`."""
    if " (" not in frame:
        return frame
    func, where = frame.split(" (", 1)
    return f"{func} ({where.split(':')[0].rsplit('/', 1)[-1].rstrip(')')})"


def summarize(collapsed: str, top: int) -> str:
    """Top functions by inclusive share (on the stack) and by self share (on top), of the
    samples in which a thread was busy."""
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    ours: collections.Counter[str] = collections.Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        frames = [frame_name(f) for f in stack.split(";")]
        if frames[-1] in IDLE:
            continue
        samples_n = int(count)
        total += samples_n
        for frame in set(frames[1:]):  # frames[0] is the process/thread
            inclusive[frame] += samples_n
        for frame in {frame_name(f) for f in stack.split(";") if "residency_" in f}:
            ours[frame] += samples_n
        own[frames[-1]] += samples_n
    if not total:
        return "  (no samples)"
    lines = [f"  {total} samples; inclusive:"]
    lines += [f"  {100 * k / total:5.1f}%  {f}" for f, k in inclusive.most_common(top * 3)
              if not any(c in f for c in COMMON)][:top]
    lines += ["  our code, inclusive:"] + [f"  {100 * k / total:5.1f}%  {f}"
                                           for f, k in ours.most_common(top)]
    lines += ["  self:"] + [f"  {100 * k / total:5.1f}%  {f}" for f, k in own.most_common(top)]
    return "\n".join(lines)


# --- main ---------------------------------------------------------------------------------------

def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def bench(args: argparse.Namespace, stack: EmbeddedStack, procs: dict[str, ServiceProcess],
                intake: str) -> None:
    db, mail_api = stack.database_url("intake"), stack.mail_api_url
    phases = args.phases.split(",")
    cpu0 = time.process_time()
    results: dict[str, float] = {}
    if "bare" in phases:
        meter, mailed = CpuMeter(stack, procs), await mail_count(mail_api)
        results["bare"] = await bare(stack, args.filings)
        print(f"bare pipeline: {results['bare']:.1f} filings/s ({args.filings}, {CONCURRENCY} "
              f"at a time)\n{meter.report(args.filings)}\n"
              f"{await sink_rate(mail_api, mailed, args.filings, results['bare'])}", flush=True)
    if "plain" in phases:
        profiles = start_profiles(procs, args.profile.split(","), args.py_spy, args.out) \
            if args.profile else []
        meter, mailed = CpuMeter(stack, procs), await mail_count(mail_api)
        rate, requests_rate = await plain(intake, db, mail_api, args.filings)
        results["plain"] = rate
        print(f"real stack, no attachments: {rate:.1f} filings/s until every provisional email "
              f"(HTTP create + file alone: {requests_rate:.1f}/s)\n{meter.report(args.filings)}\n"
              f"{await sink_rate(mail_api, mailed, args.filings, rate)}", flush=True)
        if "bare" in results:
            print(f"  ratio to the bare pipeline: {rate / results['bare']:.3f}x "
                  f"(target >= {TARGETS['plain_ratio']}x)", flush=True)
        if profiles:
            stop_profiles(profiles, args.top)
    if "attached" in phases:
        meter = CpuMeter(stack, procs)
        rate, mb = await attached(intake, db, mail_api, args.attached)
        results["attached"] = rate
        print(f"real stack, a {mb:.1f} MB PDF and a photo each: {rate:.1f} filings/s "
              f"({args.attached}; target >= {TARGETS['attached']:.0f}/s)\n"
              f"{meter.report(args.attached)}", flush=True)
    if "latency" in phases:
        sustained = results.get("plain") or args.rate * 2
        lat = await latency(intake, db, stack.kafka_bootstrap, sustained / 2, args.seconds)
        results["p99"] = p(lat, 0.99)
        print(f"filing request → 申請完了 on residency.status.v1 at {sustained / 2:.1f}/s "
              f"(half the sustained rate), {len(lat)} filings: p50 {statistics.median(lat):.3f} s"
              f", p99 {results['p99']:.3f} s, max {max(lat):.3f} s "
              f"(target p99 <= {TARGETS['p99']:.0f} s)", flush=True)
    if "bulk" in phases:
        meter = CpuMeter(stack, procs)
        results["bulk"] = await bulk(intake, db, mail_api, args.rows)
        print(f"bulk filing of {args.rows} rows, request until every applicant's provisional "
              f"email: {results['bulk']:.2f} s (target <= {TARGETS['bulk']:.0f} s)\n"
              f"{meter.report(args.rows)} (including the photo uploads)", flush=True)
    print(f"(this client's own CPU: {time.process_time() - cpu0:.1f} s)")
    print("summary: " + json.dumps({k: round(v, 3) for k, v in results.items()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--filings", type=int, default=400)
    parser.add_argument("--attached", type=int, default=120)
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=20, help="length of the latency phase")
    parser.add_argument("--rate", type=float, default=20,
                        help="sustained rate for the latency phase when `plain` is not run")
    parser.add_argument("--phases", default="bare,plain,attached,latency,bulk")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for the services (e.g. NOTIFY_WORKERS=6)")
    parser.add_argument("--profile", default="", help="services to profile during `plain`")
    parser.add_argument("--py-spy", default=shutil.which("py-spy") or "py-spy")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    extra = dict(item.split("=", 1) for item in args.env)
    print(f"pipeline_bench: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, "
          f"services env {extra or '{}'}", flush=True)
    with tempfile.TemporaryDirectory() as tmp, running_stack(Path(tmp)) as stack:
        ports = {name: free_port() for name in SERVICES}
        procs = {p.name: p for p in build_services(stack, ports, base_env=os.environ | extra)}
        for proc in procs.values():
            proc.start()
        try:
            for proc in procs.values():
                proc.wait_ready(90)
            asyncio.run(bench(args, stack, procs, f"http://127.0.0.1:{ports['intake']}"))
        finally:
            for proc in procs.values():
                proc.stop()


if __name__ == "__main__":
    main()
