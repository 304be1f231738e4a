"""Benchmark of bulk filing on the embedded stack, next to the same filings one by one.

    .venv/bin/python benchmarks/bulk_bench.py [--rows 300]

Starts the embedded stack and the four services (free ports, temporary directory), seeds a
staff account and prints:
  - checking a 300-row file (parse + every row's verdict, in process; target < 1 s) and the
    upload through the API;
  - bulk filing end to end: from POST /bulk/EXT/file until every applicant's provisional
    receipt number email is in the mail sink (target < 30 s);
  - the same number of applications created and filed one by one through the API, timed the
    same way (filing requests until every provisional email).
One tiny photo is attached per application (not part of the filing times).
"""

import argparse
import asyncio
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from residency_contracts import Procedure
from residency_devstack import samples
from residency_devstack.ports import free_port
from residency_devstack.supervisor import SERVICES, build_services
from residency_devstack.testing import running_stack
from residency_intake.accounts.seed import create_staff
from residency_intake.bulk import parsing, rows, templates
from residency_messaging.db import create_pool

PASSWORD = "Bench-Pass-1!"
EXT = Procedure.EXT


async def provisional_count(api: str, **where: str) -> dict[str, int]:
    """Provisional-number emails matching `where` (to / to_prefix), counted by the sink (so
    polling does not ship every message each time): {messages, recipients}."""
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{api}/api/messages/count",
                             params={"subject": "受付仮番号", **where})
        r.raise_for_status()
        return dict(r.json())


async def until_mailed(api: str, n: int, key: str, timeout: float = 300, **where: str) -> float:
    """Wait until `key` (messages or recipients) of the matching emails reaches n."""
    t0 = time.monotonic()
    while (await provisional_count(api, **where))[key] < n:
        if time.monotonic() - t0 > timeout:
            raise SystemExit(f"timed out waiting for {n} emails ({where})")
        await asyncio.sleep(0.25)
    return time.monotonic()


async def photos_ok(client: httpx.AsyncClient, app_ids: list[str]) -> None:
    while True:
        pending = 0
        for app_id in app_ids:
            body = (await client.get(f"/applications/{app_id}")).json()
            pending += sum(1 for f in body["attachments"] if f["code"] != "OK")
        if pending == 0:
            return
        await asyncio.sleep(0.5)


async def until_ready(client: httpx.AsyncClient) -> None:
    for _ in range(600):
        view = (await client.get("/bulk/EXT")).json()
        if view["ready_to_file"]:
            return
        refused = {e["code"] for r in view["rows"] for e in r["attachment_errors"]}
        if refused - {"PHOTO_REQUIRED"} and not any(r["attachments_pending"] for r in view["rows"]):
            raise SystemExit(f"photos refused: {refused}")
        await asyncio.sleep(0.5)
    raise SystemExit("photo verdicts did not arrive")


async def bulk_timings(c: httpx.AsyncClient, mail_api: str, n: int
                       ) -> tuple[float, float, float, float]:
    """Check, upload, attach a photo to each row, then file an n-row EXT bulk file as the
    logged-in staff client `c`: (check_s, upload_s, request_s, bulk_s), bulk_s from the filing
    request until every applicant's provisional receipt number email is in the sink."""
    photo = samples.jpeg_bytes()  # 300 × 400, the smallest accepted
    tag = uuid.uuid4().hex[:6]
    cells = [templates.cells_of(EXT, samples.ext_content(
        notification_email=f"b{tag}-{i}@example.com")) for i in range(n)]
    data = templates.to_csv(EXT, cells)
    today = datetime.now(ZoneInfo("Asia/Tokyo")).date()
    t0 = time.perf_counter()
    verdicts = [rows.check(EXT, r.cells, today) for r in parsing.read(data, EXT)]
    check_s = time.perf_counter() - t0
    assert all(v.status == rows.OK for v in verdicts)
    t0 = time.perf_counter()
    r = await c.post("/bulk/EXT", files={"file": ("bench.csv", data, "text/csv")})
    upload_s = time.perf_counter() - t0
    assert r.status_code == 201, r.text
    for i in range(1, n + 1):
        up = await c.post(f"/bulk/EXT/rows/{i}/attachments", params={"kind": "photo"},
                          files={"file": ("f.jpg", photo, "image/jpeg")})
        assert up.status_code == 202, up.text
    await until_ready(c)
    t0 = time.monotonic()
    filed = await c.post("/bulk/EXT/file", headers={"Idempotency-Key": tag})
    request_s = time.monotonic() - t0
    assert filed.status_code == 200, filed.text
    # bulk: each applicant gets the provisional number too (SPEC §7)
    bulk_s = await until_mailed(mail_api, n, "recipients", to_prefix=f"b{tag}-") - t0
    return check_s, upload_s, request_s, bulk_s


async def bulk_filing(c: httpx.AsyncClient, mail_api: str, n: int) -> float:
    """Seconds from the bulk filing request until every applicant's provisional email."""
    return (await bulk_timings(c, mail_api, n))[3]


async def bench(url: str, database_url: str, mail_api: str, n: int) -> None:
    pool = await create_pool(database_url)
    login = f"bench-{uuid.uuid4().hex[:8]}"
    await create_staff(pool, login_id=login, email=f"{login}@example.ac.jp", password=PASSWORD,
                       organization=f"Bench University {login}")
    await pool.close()
    photo = samples.jpeg_bytes()  # 300 × 400, the smallest accepted
    async with httpx.AsyncClient(base_url=url, timeout=120) as c:
        token = (await c.post("/auth/token", json={"login_id": login, "password": PASSWORD})
                 ).json()["access_token"]
        c.headers["Authorization"] = f"Bearer {token}"
        check_s, upload_s, request_s, bulk_s = await bulk_timings(c, mail_api, n)

        one = uuid.uuid4().hex[:6]
        ids = []
        for i in range(n):
            made = await c.post("/applications", json={"procedure": "EXT", "content":
                                samples.ext_content(notification_email=f"s{one}-{i}@example.com")})
            ids.append(made.json()["id"])
            await c.post(f"/applications/{ids[-1]}/attachments", params={"kind": "photo"},
                         files={"file": ("f.jpg", photo, "image/jpeg")})
        await photos_ok(c, ids)
        filer = f"{login}@example.ac.jp"
        already = (await provisional_count(mail_api, to=filer))["messages"]  # the bulk's
        t0 = time.monotonic()
        for app_id in ids:
            assert (await c.post(f"/applications/{app_id}/file")).status_code == 200
        single_request_s = time.monotonic() - t0
        # single filings: the provisional number goes to the filer only (SPEC §7)
        single_s = await until_mailed(mail_api, already + n, "messages", to=filer) - t0
    print(f"rows: {n}")
    print(f"check {n}-row file (parse + verdicts, in process): {check_s:.3f} s  (target < 1 s)")
    print(f"upload through the API (stream, check, store rows): {upload_s:.3f} s")
    print(f"bulk filing: request {request_s:.2f} s; all {n} provisional numbers emailed "
          f"{bulk_s:.2f} s  (target < 30 s)")
    print(f"one by one through the API: {n} filing requests {single_request_s:.2f} s; "
          f"all {n} provisional numbers emailed {single_s:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_stack(Path(tmp)) as stack:
        ports = {name: free_port() for name in SERVICES}
        procs = build_services(stack, ports)
        for p in procs:
            p.start()
        try:
            for p in procs:
                p.wait_ready(60)
            asyncio.run(bench(f"http://127.0.0.1:{ports['intake']}",
                              stack.database_url("intake"), stack.mail_api_url, args.rows))
        finally:
            for p in procs:
                p.stop()


if __name__ == "__main__":
    main()
