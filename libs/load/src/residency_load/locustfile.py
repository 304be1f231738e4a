"""Locust user classes, modelled on the operations manual and the student guide.

Loaded by Locust only (`residency-load` runs `locust -f` on this file in a process of its
own: gevent never enters a service). The run's accounts and settings come from the JSON
file named by RESIDENCY_LOAD_CONFIG; every filing the API accepted (or whose outcome the
client could not learn) is appended to RESIDENCY_LOAD_OUT/filings-<pid>.jsonl for the
verification.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import random
import secrets
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, LoadTestShape, between, events, task
from locust.clients import ResponseContextManager
from residency_devstack.samples import ext_content as sample_ext

from residency_load import files
from residency_load.profiles import PROFILES

CONFIG: dict[str, Any] = json.loads(Path(os.environ["RESIDENCY_LOAD_CONFIG"]).read_text())
OUT = Path(os.environ["RESIDENCY_LOAD_OUT"])
ACCOUNTS = CONFIG["accounts"]
PASSWORD = ACCOUNTS["password"]
TAG = ACCOUNTS["tag"]
RETRY_S = float(CONFIG.get("retry_s", 120))
RETRYABLE = {0, 500, 502, 503, 504}
# passports T<letter><7 digits>: a letter per run and process, 100,000 numbers per process
# (so Locust's worker processes never hand out the same person)
_people = itertools.count((os.getpid() % 100) * 100_000)
_letter = secrets.choice("ABCDEFGHJKLMNPQRSUVWXYZ")
_lock = threading.Lock()
_record_file = None


def record(kind: str, **fields: Any) -> None:
    """One line per accepted (or unknown) filing / approval, flushed at once."""
    global _record_file
    with _lock:
        if _record_file is None:
            OUT.mkdir(parents=True, exist_ok=True)
            _record_file = (OUT / f"filings-{os.getpid()}.jsonl").open("a", encoding="utf-8")
        _record_file.write(json.dumps({"kind": kind, "at": time.time(), **fields}) + "\n")
        _record_file.flush()


def person() -> tuple[str, str]:
    """A fictitious passport number no other filing of the run uses, and the applicant's
    notification address (under the run's tag)."""
    n = next(_people)
    return f"T{_letter}{n:07d}", f"{TAG}-a{_letter.lower()}{n}@example.com"


def ext_content(notification_email: str, passport: str) -> dict[str, Any]:
    """在留期間更新許可申請 (EXT), as in residency_devstack.samples."""
    return sample_ext(notification_email=notification_email, passport_number=passport)


class Client(HttpUser):
    """Everyone: signs in, retries through restarts."""

    abstract = True
    login: dict[str, str]
    token: str | None = None

    def pick_account(self) -> dict[str, str]:
        raise NotImplementedError

    def on_start(self) -> None:
        self.login = self.pick_account()
        self.token = None
        self.sign_in()

    def sign_in(self) -> None:
        r = self.call("POST", "/auth/token", json={"login_id": self.login["login_id"],
                                                   "password": PASSWORD})
        if r is not None and r.status_code == 200:
            self.token = r.json()["access_token"]

    def call(self, method: str, path: str, name: str | None = None, *,
             retry_s: float = RETRY_S, **kwargs: Any) -> Any:
        """The request, again on a connection error or 5xx (a service or the database
        restarting) until `retry_s`; again after signing in on a 401. The last response,
        or None when every try failed to connect."""
        deadline = time.monotonic() + retry_s
        last = None
        extra = kwargs.pop("headers", {})
        kwargs.setdefault("timeout", 60)
        while True:
            headers = extra | ({"Authorization": f"Bearer {self.token}"} if self.token else {})
            with self.client.request(method, path, name=name or path, headers=headers,
                                     catch_response=True, **kwargs) as r:
                last = r
                status = r.status_code or 0
                if status < 400 or status in (401, 409, 422):
                    r.success()  # refusals are the system's answer, not errors of the run
                else:
                    r.failure(f"{status}")
            if status == 401 and path != "/auth/token" and self.token:
                self.token = None
                self.sign_in()
                continue
            if status not in RETRYABLE or time.monotonic() > deadline:
                return last if status else None
            time.sleep(0.5)



class Filer(Client):
    """Shared by everyone who files: attach, file, poll the status list."""

    abstract = True
    wait_time = between(1, 3)

    # --- filing one application with a PDF and a photo ----------------------------------
    def file_single(self, kind: str) -> None:
        passport, applicant = person()
        r = self.call("POST", "/applications", json={
            "procedure": "EXT", "content": ext_content(applicant, passport)})
        if r is None or r.status_code != 201:
            return
        app_id = r.json()["id"]
        pdf = files.pdf_of_size(random.choice(files.PDF_SIZES_MB))
        for kind_q, name, data, ctype in (("document", "doc.pdf", pdf, "application/pdf"),
                                          ("photo", "face.jpg", files.photo(), "image/jpeg")):
            up = self.call("POST", f"/applications/{app_id}/attachments",
                           "/applications/[id]/attachments", params={"kind": kind_q},
                           files={"file": (name, data, ctype)})
            if up is None or up.status_code != 202:
                return
        if not self.verdicts_ok(app_id):
            return
        self.file(kind, app_id)

    def verdicts_ok(self, app_id: str, timeout: float = 180.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r = self.call("GET", f"/applications/{app_id}", "/applications/[id]")
            if r is not None and r.status_code == 200:
                codes = [a["code"] for a in r.json()["attachments"]]
                if codes and all(c is not None for c in codes):
                    return all(c == "OK" for c in codes)
            time.sleep(1.0)
        return False

    def file(self, kind: str, app_id: str) -> None:
        """File; after a lost answer the retry's 409 ALREADY_FILED means the first went
        through. Whatever cannot be learnt is recorded as unknown, never as lost."""
        t0 = time.time()
        r = self.call("POST", f"/applications/{app_id}/file", "/applications/[id]/file")
        retried = False
        if r is not None and r.status_code == 200:
            body = r.json()
            record(kind, application_id=app_id, reference_number=body["reference_number"],
                   filer=self.login["email"], outcome="accepted", requested_at=t0)
            return
        if r is not None and r.status_code == 409 and r.json().get("code") == "ALREADY_FILED":
            retried = True
            g = self.call("GET", f"/applications/{app_id}", "/applications/[id]")
            if g is not None and g.status_code == 200 and g.json().get("reference_number"):
                record(kind, application_id=app_id, reference_number=g.json()["reference_number"],
                       filer=self.login["email"], outcome="accepted", retried=retried,
                       requested_at=t0)
                return
        if r is None or r.status_code in RETRYABLE or retried:
            record(kind, application_id=app_id, reference_number=None, filer=self.login["email"],
                   outcome="unknown", requested_at=t0)
            return
        record(kind, application_id=app_id, outcome="refused", status=r.status_code,
               code=r.json().get("code"), filer=self.login["email"])

    @task(2)
    def status_list(self) -> None:
        self.call("GET", "/applications", "/applications?list",
                  params={"page": 1, "per_page": 20, "sort": "filed_at", "order": "desc"},
                  retry_s=10)


class OrganizationStaff(Filer):
    """A university's international office filing its students' extensions one by one."""

    weight = 6

    def pick_account(self) -> dict[str, str]:
        return random.choice(ACCOUNTS["staff"])

    @task(3)
    def file_one(self) -> None:
        self.file_single("single")


class ForeignNational(Filer):
    """Someone renewing their own period of stay (the student guide)."""

    weight = 3

    def pick_account(self) -> dict[str, str]:
        return random.choice(ACCOUNTS["foreign"])

    @task(3)
    def file_own_extension(self) -> None:
        self.file_single("ext")


class BulkStaff(Filer):
    """Staff uploading a whole intake as one CSV (一括申請), a photo per row, then filing."""

    fixed_count = len(ACCOUNTS["bulk_staff"])
    wait_time = between(5, 10)
    _taken = itertools.count()

    def pick_account(self) -> dict[str, str]:  # one organization each: one upload each
        accounts = ACCOUNTS["bulk_staff"]
        return dict(accounts[next(BulkStaff._taken) % len(accounts)])

    def on_start(self) -> None:
        super().on_start()
        r = self.call("GET", "/bulk/EXT/template.csv", params={"examples": "true"})
        text = r.content.decode("utf-8-sig") if r is not None and r.status_code == 200 else ""
        reader = list(csv.reader(io.StringIO(text)))
        self.header, self.example = reader[0], reader[1]

    def csv_file(self, rows: int) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.header)
        for _ in range(rows):
            passport, applicant = person()
            row = dict(zip(self.header, self.example, strict=True)) | {
                "identity.passport_number": passport, "notification_email": applicant}
            writer.writerow([row[c] for c in self.header])
        return out.getvalue().encode("utf-8")

    @task
    def file_bulk(self) -> None:
        rows = int(CONFIG["bulk_rows"])
        r = self.call("POST", "/bulk/EXT", files={"file": ("intake.csv", self.csv_file(rows),
                                                           "text/csv")})
        if r is None or r.status_code != 201 or r.json()["needs_checking"]:
            return
        for row in r.json()["rows"]:
            self.call("POST", f"/bulk/EXT/rows/{row['row']}/attachments",
                      "/bulk/EXT/rows/[n]/attachments", params={"kind": "photo"},
                      files={"file": ("face.jpg", files.photo(), "image/jpeg")})
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            view = self.call("GET", "/bulk/EXT")
            if view is not None and view.status_code == 200 and view.json()["ready_to_file"]:
                break
            time.sleep(1.0)
        else:
            return
        key, t0 = str(uuid.uuid4()), time.time()
        filed = self.call("POST", "/bulk/EXT/file", headers={"Idempotency-Key": key})
        if filed is None or filed.status_code in RETRYABLE:  # the rows' drafts are known
            for row in r.json()["rows"]:
                record("bulk", application_id=row["application_id"], reference_number=None,
                       filer=self.login["email"], outcome="unknown", requested_at=t0)
            return
        if filed.status_code != 200:
            return
        body = filed.json()
        for a in body["applications"]:
            record("bulk", application_id=a["application_id"],
                   reference_number=a["reference_number"], filer=self.login["email"],
                   outcome="accepted", bulk_number=body["bulk_number"], requested_at=t0)
        record("bulk_filing", bulk_number=body["bulk_number"], count=body["count"],
               filer=self.login["email"], outcome="accepted")


class Examiner(Client):
    """An examiner of the bureau: takes a filed application, then approves it."""

    fixed_count = len(ACCOUNTS["examiners"])
    wait_time = between(1, 2)
    _taken = itertools.count()

    def pick_account(self) -> dict[str, str]:
        accounts = ACCOUNTS["examiners"]
        return dict(accounts[next(Examiner._taken) % len(accounts)])

    @task
    def take_and_approve(self) -> None:
        r = self.call("GET", "/examiner/applications", "/examiner/applications",
                      params={"status": "filed", "limit": 20}, retry_s=10)
        if r is None or r.status_code != 200:
            return
        body = r.json()
        items = body["items"] if isinstance(body, dict) else body
        if not items:
            return
        app_id = random.choice(items)["id"]
        path = f"/examiner/applications/{app_id}"
        took = self.call("POST", f"{path}/actions", "/examiner/applications/[id]/actions",
                         json={"action": "take"})
        if took is None or took.status_code != 202:
            return
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            g = self.call("GET", path, "/examiner/applications/[id]")
            if g is not None and g.status_code == 200 and g.json().get("status") == "examining":
                break
            time.sleep(0.5)
        else:
            return
        ok = self.call("POST", f"{path}/actions", "/examiner/applications/[id]/actions",
                       json={"action": "approve"})
        if ok is not None and ok.status_code == 202:
            record("approval", application_id=app_id, outcome="accepted")


class Profile(LoadTestShape):
    """Users over time, from the profile named in the config (ramp, hold)."""

    def tick(self) -> tuple[int, float] | None:
        if (OUT / "stop").exists():  # residency-load's chaos is over: end the run cleanly
            return None
        profile = PROFILES[CONFIG["profile"]].scaled(CONFIG.get("users"),
                                                     CONFIG.get("run_time"),
                                                     CONFIG.get("spawn_rate"))
        return profile.at(self.get_run_time())


@events.quitting.add_listener
def _close(environment: Any, **kw: Any) -> None:
    if _record_file is not None:
        _record_file.close()


_ = ResponseContextManager  # re-exported for type checkers of user code
