"""`residency-load`: peak-intake load on a running system, optional chaos, then the
verification table. Exit 0 only when the verification (and the chaos, if any) passed.

    residency-load --profile smoke                       # against `make run`
    residency-load --profile peak --data-dir .data       # a residency-stack by its data dir
    residency-load --profile smoke --chaos --data-dir D  # SIGKILL each part in turn
    residency-load --host https://… --mail-url … --kafka … --db-url postgresql://…/{service}
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .chaos import Chaos
from .profiles import PROFILES
from .seed import seed
from .service_metrics import scrape as scrape_metrics
from .service_metrics import table as metrics_table
from .target import Target, db_urls_from, from_data_dir
from .verify import dead_letter_offsets, read_records, verify

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="residency-load", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--profile", choices=sorted(PROFILES), default="smoke")
    p.add_argument("--data-dir", type=Path, help="a local residency-stack's data directory "
                   "(addresses from its stack.json, PostgreSQL password from secrets.json)")
    p.add_argument("--host", help="intake's base URL (default http://127.0.0.1:8000)")
    p.add_argument("--mail-url", help="the mail sink's HTTP API (default :8025)")
    p.add_argument("--kafka", help="bootstrap servers (default 127.0.0.1:9092)")
    p.add_argument("--db-url", help="PostgreSQL URL; `{service}` stands for each database "
                   "(intake, documents, examination, notify), else the last path segment is")
    p.add_argument("--users", type=int, help="users at the plateau (profile's otherwise)")
    p.add_argument("--spawn-rate", type=float, help="users started per second")
    p.add_argument("--run-time", type=float, help="seconds of load")
    p.add_argument("--bulk-rows", type=int, help="rows per bulk file (profile's otherwise)")
    p.add_argument("--out", type=Path, help="output directory (CSV, HTML report, records); "
                   "default ./load-results/<profile>-<time>")
    p.add_argument("--chaos", action="store_true", help="SIGKILL each part in turn during "
                   "the run (needs --data-dir of a running residency-stack)")
    p.add_argument("--verify-timeout", type=float, default=180.0,
                   help="how long to wait for the system to converge before judging (s)")
    p.add_argument("--verify-only", action="store_true", help="no load: verify the run "
                   "recorded in --out again (its accounts, filings and dead-letter offsets)")
    p.add_argument("--locust-arg", action="append", default=[],
                   help="passed to locust as is (e.g. --locust-arg=--processes=2)")
    return p


def _target(args: argparse.Namespace) -> Target:
    target = from_data_dir(args.data_dir) if args.data_dir else None
    if target is None:
        target = Target()
        default_data = Path(".data")
        if (default_data / "secrets.json").exists():
            target = from_data_dir(default_data)
    target.host = args.host or target.host
    target.mail_url = args.mail_url or target.mail_url
    target.kafka = args.kafka or target.kafka
    if args.db_url:
        target.db_urls = db_urls_from(args.db_url)
    return target


def _figures(out: Path) -> dict[str, dict[str, str]]:
    rows = {}
    stats = out / "locust_stats.csv"
    if stats.exists():
        with stats.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                rows[f"{row['Type']} {row['Name']}".strip()] = row
    return rows


def _print_figures(out: Path, records: list[dict], run_s: float, verdict_figures: dict) -> None:
    rows = _figures(out)
    filings = [r for r in records if r["kind"] in ("single", "ext", "bulk")
               and r["outcome"] == "accepted"]
    print(f"\nfigures ({run_s:.0f} s of load):")
    print(f"  filings accepted: {len(filings)} ({len(filings) / max(run_s, 1):.2f} filings/s; "
          f"single {sum(r['kind'] == 'single' for r in filings)}, "
          f"EXT by foreign nationals {sum(r['kind'] == 'ext' for r in filings)}, "
          f"bulk rows {sum(r['kind'] == 'bulk' for r in filings)})")
    for key in ("POST /applications/[id]/file", "POST /bulk/EXT/file",
                "POST /applications/[id]/attachments", "GET /applications?list", "Aggregated"):
        row = rows.get(key)
        if row:
            print(f"  {key:<38} n={row['Request Count']:>6} failures={row['Failure Count']:>4} "
                  f"p50={row['50%']:>6} ms p99={row['99%']:>6} ms {float(row['Requests/s']):.2f}/s")
    for label, what in (("single", "one by one"), ("bulk", "bulk rows")):
        if f"to_provisional_{label}_p50_s" in verdict_figures:
            print(f"  filing request → provisional number on the topic ({what}): "
                  f"p50 {verdict_figures[f'to_provisional_{label}_p50_s']} s, "
                  f"p99 {verdict_figures[f'to_provisional_{label}_p99_s']} s")
    print(f"  emails: {verdict_figures.get('emails')} received, "
          f"{verdict_figures.get('distinct_emails')} distinct Message-IDs; converged "
          f"{verdict_figures.get('converged_s')} s after the load")


def _stop_after_chaos(proc: subprocess.Popen[bytes], chaos: Chaos, run_time: float,
                      tail_s: float, stop_file: Path) -> None:
    """End the run (the load shape sees `stop_file` and stops; Locust writes its reports)
    `tail_s` after the last part is back, but not before the profile's run time."""
    t0 = time.monotonic()
    while proc.poll() is None and not chaos.done():
        time.sleep(0.5)
    end = max(time.monotonic() + tail_s, t0 + run_time)
    while proc.poll() is None and time.monotonic() < end:
        time.sleep(0.5)
    stop_file.touch()
    try:
        proc.wait(120)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGTERM)


def _verify_again(target: Target, out: Path, timeout: float) -> None:
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    dlq_before = json.loads((out / "dlq_before.json").read_text(encoding="utf-8"))
    verdict = asyncio.run(verify(target, config["accounts"]["tag"], out, dlq_before, timeout))
    print(verdict.table(), flush=True)
    sys.exit(0 if verdict.ok else 1)


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    profile = PROFILES[args.profile].scaled(args.users, args.run_time, args.spawn_rate)
    target = _target(args)
    if args.verify_only:
        if args.out is None:
            raise SystemExit("--verify-only needs --out (a run's output directory)")
        _verify_again(target, args.out, args.verify_timeout)
    if args.chaos and target.data_dir is None:
        raise SystemExit("--chaos needs --data-dir of a running `residency-stack run`")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    out = (args.out or Path("load-results") / f"{profile.name}-{stamp}").resolve()
    out.mkdir(parents=True, exist_ok=True)
    print(f"residency-load {profile.name}: {profile.users} users, {profile.run_time:.0f} s "
          f"against {target.host}; output in {out}", flush=True)
    t_seed = time.monotonic()
    accounts = seed(target.host, target.mail_url, target.db_url("intake"),
                    staff=profile.staff, bulk_staff=profile.bulk_staff,
                    foreign=profile.foreign, examiners=profile.examiners,
                    seed_env=target.seed_env)
    print(f"seeded {len(accounts.staff)} staff, {len(accounts.bulk_staff)} bulk staff, "
          f"{len(accounts.foreign)} foreign nationals, {len(accounts.examiners)} examiners "
          f"in {time.monotonic() - t_seed:.1f} s (tag {accounts.tag})", flush=True)
    config = {"profile": profile.name, "users": profile.users, "run_time": profile.run_time,
              "spawn_rate": profile.spawn_rate,
              "bulk_rows": args.bulk_rows or profile.bulk_rows, "accounts": accounts.as_dict()}
    config_path = out / "config.json"
    config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    config_path.chmod(0o600)  # the run's (throw-away) password
    dlq_before = asyncio.run(dead_letter_offsets(target.kafka))
    metrics_before = scrape_metrics(target.metrics_urls)
    (out / "dlq_before.json").write_text(json.dumps(dlq_before), encoding="utf-8")
    chaos = None
    if args.chaos:  # the load goes on until every part was killed and is back
        assert target.data_dir is not None
        chaos = Chaos(target.data_dir, interval_s=max(2.0, profile.run_time / 20))
        config["run_time"] = profile.run_time * 10  # the bound; stopped below
        config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    argv_locust = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                   "--host", target.host, "--csv", str(out / "locust"),
                   "--html", str(out / "report.html"), "--stop-timeout", "30",
                   "--only-summary", *args.locust_arg]
    env = os.environ | {"RESIDENCY_LOAD_CONFIG": str(config_path),
                        "RESIDENCY_LOAD_OUT": str(out)}
    t0 = time.monotonic()
    with (out / "locust.log").open("wb") as log:
        proc = subprocess.Popen(argv_locust, env=env, stdout=log, stderr=subprocess.STDOUT)
        if chaos is not None:
            chaos.start()
            _stop_after_chaos(proc, chaos, profile.run_time, 10.0, out / "stop")
        code = proc.wait()
    run_s = time.monotonic() - t0
    if chaos is not None:
        chaos.join(timeout=600)
    print(f"locust finished (exit {code}) after {run_s:.0f} s; report: {out / 'report.html'}",
          flush=True)
    verdict = asyncio.run(verify(target, accounts.tag, out, dlq_before, args.verify_timeout))
    _print_figures(out, read_records(out), run_s, verdict.figures)
    services_view = metrics_table(target.metrics_urls, metrics_before)
    print("\nthe services' view (their /metrics over the run; ms):\n" + services_view)
    (out / "service_metrics.txt").write_text(services_view + "\n", encoding="utf-8")
    if chaos is not None:
        print("\n" + chaos.table())
    print("\n" + verdict.table(), flush=True)
    (out / "verification.txt").write_text(
        (chaos.table() + "\n\n" if chaos else "") + verdict.table() + "\n", encoding="utf-8")
    (out / "figures.json").write_text(json.dumps(verdict.figures, indent=2), encoding="utf-8")
    passed = verdict.ok and (chaos is None or chaos.ok)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
