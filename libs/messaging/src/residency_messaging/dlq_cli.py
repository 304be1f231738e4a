"""residency-dlq: list, show and replay the dead letters of `residency.dlq.<service>.v1`.

  residency-dlq list [--service S] [--since 6h|2026-12-01T09:00] [--limit N] [--pending] [--json]
  residency-dlq show SERVICE OFFSET [--payload] [--json]
  residency-dlq replay SERVICE (OFFSET… | --all | --since T) [--again] [--dry-run]
                       [--by NAME] [--reason TEXT]

Kafka settings come from RESIDENCY_DLQ_KAFKA_BOOTSTRAP, _KAFKA_SECURITY_PROTOCOL,
_KAFKA_SASL_USERNAME, _KAFKA_SASL_PASSWORD, _KAFKA_CA_FILE (as for the services).
Payloads (which may hold addresses) are printed only with `show --payload`; sealed secrets
stay ciphertext. A replay goes to the original topic with the original key and is recorded
on the dead-letter topic; a dead letter already replayed is refused unless `--again`.
Exit status: 0 done, 1 refused (nothing replayed), 2 usage, 3 Kafka failed (the lines
printed before say which replays were done).
"""

import argparse
import asyncio
import getpass
import json
import os
import socket
import sys
from datetime import UTC, datetime
from typing import Any

from aiokafka.errors import KafkaError
from residency_contracts import SERVICES, dead_letter_topic

from . import dlq
from .dlq import DeadLetter, DlqSettings, Refused


def _who(settings: DlqSettings, given: str | None) -> str:
    if given or settings.operator:
        return str(given or settings.operator)
    try:
        return getpass.getuser()
    except Exception:  # no login name in a container without a passwd entry
        return f"uid {os.getuid()}"


def _replayed(d: DeadLetter) -> str:
    if not d.replays:
        return "-"
    last = d.replays[-1]
    times = f" ({len(d.replays)}×)" if len(d.replays) > 1 else ""
    unsure = "" if last.state == "sent" else " (started, not confirmed)"
    return f"{dlq.iso(last.at)} by {last.by}{times}{unsure}"


def _line(d: DeadLetter) -> str:
    original = f"{d.original_topic}[{d.original_partition}]@{d.original_offset}"
    return (f"{d.service:<12} {d.id:>7}  {dlq.iso(d.at)}  {original:<48} "
            f"{dlq.decoded(d.key) or '-':<37} {d.error_class:<22} {_replayed(d)}")


HEADER = (f"{'SERVICE':<12} {'OFFSET':>7}  {'DEAD-LETTERED':<20}  {'ORIGINAL topic[part]@offset':<48} "
          f"{'KEY':<37} {'ERROR':<22} REPLAYED")


async def _read(settings: DlqSettings, service: str) -> list[DeadLetter]:
    letters = await dlq.read(settings, service)
    if letters is None:
        print(f"{dead_letter_topic(service)}: no such topic (or this user may not describe it)",
              file=sys.stderr)
        return []
    return letters


async def cmd_list(settings: DlqSettings, args: argparse.Namespace) -> int:
    since = dlq.parse_since(args.since, datetime.now(UTC)) if args.since else None
    letters: list[DeadLetter] = []
    for service in [args.service] if args.service else SERVICES:
        letters += [d for d in await _read(settings, service)
                    if (since is None or d.at >= since) and not (args.pending and d.replayed)]
    letters.sort(key=lambda d: d.at)
    hidden = max(0, len(letters) - args.limit)
    letters = letters[hidden:]
    if args.json:
        for d in letters:
            print(json.dumps(_list_entry(d), ensure_ascii=False))
    else:
        print(HEADER)
        for d in letters:
            print(_line(d))
    if hidden:
        print(f"({hidden} older not shown; --limit)", file=sys.stderr)
    return 0


def _list_entry(d: DeadLetter) -> dict[str, Any]:
    full = d.as_dict()
    return {k: full[k] for k in ("service", "partition", "offset", "at", "original_topic",
                                 "original_partition", "original_offset", "key",
                                 "error_class", "error", "replayed", "replays")}


SHOWN = ("dlq_error", "dlq_error_class", "dlq_topic", "dlq_partition", "dlq_offset")


def _summary(summary: dict[str, Any]) -> str:
    rest = " ".join(f"{k}={v}" for k, v in summary.items() if k not in ("bytes", "json"))
    return f"{summary['bytes']} bytes{'' if summary['json'] else ', not JSON'}; {rest or '-'}"


async def cmd_show(settings: DlqSettings, args: argparse.Namespace) -> int:
    wanted = dlq.parse_id(args.offset)
    found = [d for d in await _read(settings, args.service)
             if (d.partition, d.offset) == wanted]
    if not found:
        raise Refused(f"no dead letter at {args.offset} in {dead_letter_topic(args.service)}")
    d = found[0].as_dict(payload=args.payload)
    if args.json:
        print(json.dumps(d, ensure_ascii=False, indent=2))
        return 0
    rows = [("dead letter", f"{d['topic']} offset {d['offset']} (partition {d['partition']})"),
            ("dead-lettered", d["at"]),
            ("original", f"{d['original_topic']} partition {d['original_partition']} "
                         f"offset {d['original_offset']}"),
            ("key", d["key"] or "-"),
            ("error", d["error"] or "-"),
            *[(f"header {k}", v) for k, v in d["headers"].items() if k not in SHOWN],
            ("payload", _summary(d["summary"])
             + ("" if args.payload else "  (not printed; --payload prints it)"))]
    rows += [("replayed", f"{r['at']} by {r['by']} on {r['host']} → {r['topic']}"
              + (f"[{r['partition']}]@{r['offset']}" if r["state"] == "sent"
                 else " (started, not confirmed: --again to be sure)")
              + (" (again)" if r["again"] else "")
              + (f" — {r['reason']}" if r["reason"] else "")) for r in d["replays"]] or [
        ("replayed", "no")]
    for name, value in rows:
        print(f"{name + ':':<24} {value}")
    if args.payload:
        print(json.dumps(d["payload"], ensure_ascii=False, indent=2))
    return 0


async def cmd_replay(settings: DlqSettings, args: argparse.Namespace) -> int:
    if bool(args.offsets) + args.all + (args.since is not None) != 1:
        raise Refused("name the dead letters one way: OFFSET…, --all or --since")
    letters = await _read(settings, args.service)
    picked, skipped = dlq.select(
        letters, ids=[dlq.parse_id(o) for o in args.offsets], everything=args.all,
        since=dlq.parse_since(args.since, datetime.now(UTC)) if args.since else None,
        again=args.again)
    for d in skipped:
        print(f"skip {d.id}: already replayed ({_replayed(d)}); --again to repeat")
    if not picked:
        print("nothing to replay")
        return 0
    if args.dry_run:
        for d in picked:
            print(f"would replay {d.id} → {d.original_topic} key={dlq.decoded(d.key) or '-'}"
                  + (" (again)" if d.replayed else ""))
        return 0
    def said(d: DeadLetter, r: dlq.Replay) -> None:
        print(f"replayed {d.id} → {r.topic}[{r.partition}]@{r.offset} "
              f"key={dlq.decoded(d.key) or '-'}" + (" (again)" if r.again else ""), flush=True)

    await dlq.replay(settings, picked, by=_who(settings, args.by), host=socket.gethostname(),
                     reason=args.reason, each=said)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="residency-dlq", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    ls = sub.add_parser("list", help="one line per dead letter, oldest first")
    ls.add_argument("--service", choices=SERVICES)
    ls.add_argument("--since", help="30m, 6h, 2d, or an ISO date/time (UTC unless given)")
    ls.add_argument("--limit", type=int, default=100, help="the newest N (default 100)")
    ls.add_argument("--pending", action="store_true", help="only those not replayed yet")
    ls.add_argument("--json", action="store_true", help="one JSON object per line")
    show = sub.add_parser("show", help="one dead letter: error, headers, replays")
    show.add_argument("service", choices=SERVICES)
    show.add_argument("offset", help="OFFSET (or PARTITION:OFFSET)")
    show.add_argument("--payload", action="store_true",
                      help="print the payload too (may hold email addresses)")
    show.add_argument("--json", action="store_true")
    rp = sub.add_parser("replay", help="back to the original topic and key, recorded")
    rp.add_argument("service", choices=SERVICES)
    rp.add_argument("offsets", nargs="*", metavar="OFFSET")
    rp.add_argument("--all", action="store_true", help="every dead letter not yet replayed")
    rp.add_argument("--since", help="those dead-lettered since (30m, 6h, 2d, ISO time)")
    rp.add_argument("--again", action="store_true", help="replay even if replayed before")
    rp.add_argument("--dry-run", action="store_true", help="say what would be replayed")
    rp.add_argument("--by", help="who replays (default RESIDENCY_DLQ_OPERATOR or login name)")
    rp.add_argument("--reason", help="recorded with the replay, e.g. a ticket")
    return p


COMMANDS = {"list": cmd_list, "show": cmd_show, "replay": cmd_replay}


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    settings = DlqSettings()
    try:
        code = asyncio.run(COMMANDS[args.command](settings, args))
    except Refused as exc:
        print(f"refused: {exc}", file=sys.stderr)
        code = 1
    except (KafkaError, OSError, TimeoutError) as exc:  # the lines above say what was done
        print(f"failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        code = 3
    sys.stdout.flush()
    raise SystemExit(code)


if __name__ == "__main__":
    main()
