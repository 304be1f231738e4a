"""`residency-load --profile smoke --chaos` on a stack of its own (the supervisor on free
ports, as operators run it): every part SIGKILLed and restarted in turn under load, and the
verification still finds nothing lost and nothing doubled."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from residency_devstack.runstate import read_state

BIN = Path(sys.executable).parent


@pytest.mark.timeout(900)
def test_smoke_load_with_chaos_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
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
        print(run.stdout, run.stderr[-3000:], sep="\n")
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
    finally:
        if supervisor.poll() is None:
            supervisor.send_signal(signal.SIGTERM)
            supervisor.wait(90)
        log.close()
