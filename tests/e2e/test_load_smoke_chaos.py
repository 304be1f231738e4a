"""`residency-load --profile smoke --chaos` on a stack of its own (the supervisor on free
ports, as operators run it): every part SIGKILLed and restarted in turn under load, and the
verification still finds nothing lost and nothing doubled."""

import email
import email.policy
import json
import signal
import smtplib
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from residency_devstack.runstate import StackState, read_state

BIN = Path(sys.executable).parent


@pytest.mark.timeout(900)
def test_smoke_load_with_chaos_loses_nothing_and_doubles_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    log = (tmp_path / "supervisor.log").open("wb")
    supervisor = subprocess.Popen(
        [str(BIN / "residency-stack"), "run", "--free-ports", "--no-echo", "--data-dir",
         str(data)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while not ((state := read_state(data)) and state.ready):
            assert supervisor.poll() is None, (tmp_path / "supervisor.log").read_text()
            assert time.monotonic() < deadline, "the stack did not start"
            time.sleep(0.2)
        run = subprocess.run(
            [str(BIN / "residency-load"), "--profile", "smoke", "--chaos", "--data-dir",
             str(data), "--run-time", "30", "--out", str(out), "--verify-timeout", "180"],
            capture_output=True, text=True, timeout=840)
        with capsys.disabled():  # the figures and tables, in every test run's output
            print("\n" + run.stdout, run.stderr[-3000:], sep="\n")
        assert "verification: PASSED" in run.stdout
        assert "NOT BACK" not in run.stdout and "chaos error" not in run.stdout
        killed = [line.split()[0] for line in run.stdout.splitlines()
                  if line.split() and line.split()[0] in {
                      "broker", "postgres", "s3", "mail", "intake", "documents", "examination",
                      "notify"}]
        assert sorted(killed) == sorted(["broker", "postgres", "s3", "mail", "intake",
                                         "documents", "examination", "notify"])
        assert run.returncode == 0
        assert (out / "report.html").exists() and (out / "locust_stats.csv").exists()
        assert supervisor.poll() is None, "the supervisor survived every kill"
        _verification_catches_a_lost_filing_and_a_doubled_email(data, out)
    finally:
        if supervisor.poll() is None:
            supervisor.send_signal(signal.SIGTERM)
            supervisor.wait(90)
        log.close()


def _verification_catches_a_lost_filing_and_a_doubled_email(data: Path, out: Path) -> None:
    """The same run verified again after adding a filing the system never saw and a second
    provisional-number email (another Message-ID) for a real one: both are caught."""
    state = read_state(data)
    assert isinstance(state, StackState)
    config = json.loads((out / "config.json").read_text())
    mail_api = f"http://127.0.0.1:{state.ports['mail_http']}"
    provisional = [m for m in httpx.get(f"{mail_api}/api/messages", params={
        "to_prefix": config["accounts"]["tag"], "subject": "受付仮番号"}).json()]
    raw = httpx.get(f"{mail_api}/api/messages/{provisional[0]['id']}/raw").content
    again = email.message_from_bytes(raw, policy=email.policy.SMTP)
    del again["Message-ID"]
    again["Message-ID"] = f"<{uuid.uuid4()}@residency-online>"
    with smtplib.SMTP("127.0.0.1", state.ports["smtp"], timeout=10) as smtp:
        smtp.send_message(again, to_addrs=provisional[0]["to"])
    staff = config["accounts"]["staff"][0]["email"]
    with (out / "filings-lost.jsonl").open("w") as fh:
        fh.write(json.dumps({"kind": "single", "application_id": str(uuid.uuid4()),
                             "reference_number": "0000000000", "filer": staff,
                             "outcome": "accepted", "requested_at": time.time()}) + "\n")
    rerun = subprocess.run(
        [str(BIN / "residency-load"), "--verify-only", "--data-dir", str(data), "--out",
         str(out), "--verify-timeout", "5"], capture_output=True, text=True, timeout=300)
    print(rerun.stdout)
    failed = {line.split("  ")[0].strip() for line in rerun.stdout.splitlines()
              if line.endswith("FAIL")}
    assert rerun.returncode == 1
    assert {"reached 申請完了 once, one provisional no.", "reference-number emails exactly once",
            "provisional-number emails exactly once"} <= failed, failed
