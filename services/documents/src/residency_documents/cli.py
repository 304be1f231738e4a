"""`residency-docs check [--kind document|photo] [--today YYYY-MM-DD] FILE...`

Prints one JSON object per file, in the order given: {"file", "ok", "code", "message_ja",
"message_en"}, the very verdict the service gives (same isolated check, same time bound).
Exit status: 0 if every file is OK, 1 if any is refused, 2 on a usage error (bad option,
unreadable file).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from pathlib import Path

from residency_contracts.attachments import (
    APPLICATION_LIMITS,
    MB,
    AttachmentKind,
    LimitRefusal,
    VerdictCode,
    limit_exceeded,
)

from residency_documents.checks import Verdict, check_file_isolated
from residency_documents.cpus import container_cpus
from residency_documents.isolation import check_pool

# One file alone is within an application's limits (SPEC §5), by the rule intake enforces.
LIMITS = APPLICATION_LIMITS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="residency-docs", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check attachments as the service would")
    check.add_argument(
        "--kind", choices=[kind.value for kind in AttachmentKind], default="document"
    )
    check.add_argument("--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD")
    check.add_argument("--max-photo-age-months", type=int, default=6, metavar="N")
    check.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS")
    check.add_argument("files", nargs="+", metavar="FILE")
    return parser


def _read(path: str, limit: int) -> bytes:
    """At most limit + 1 bytes: a larger file is refused (LIMIT_SIZE) without reading it all."""
    with Path(path).open("rb") as handle:
        return handle.read(limit + 1)


def _too_large() -> Verdict:
    limit = f"{LIMITS.max_total_bytes / MB:g} MB"
    return Verdict(
        VerdictCode.LIMIT_SIZE,
        f"添付ファイルの合計サイズが上限（{limit}）を超えています。"
        "ファイルを減らすか、解像度を下げて保存し直してから添付してください。",
        f"The attached files exceed the {limit} total limit. "
        "Remove files or save them at a lower resolution and try again.",
    )


async def _check_all(args: argparse.Namespace, contents: list[bytes]) -> list[Verdict]:
    today = args.today or dt.date.today()
    pool = check_pool(container_cpus())

    async def one(data: bytes) -> Verdict:
        if limit_exceeded(LIMITS, 1, len(data)) is LimitRefusal.SIZE:
            return _too_large()
        return await check_file_isolated(
            pool,
            args.kind,
            data,
            today=today,
            max_photo_age_months=args.max_photo_age_months,
            timeout_s=args.timeout,
        )

    try:
        return list(await asyncio.gather(*(one(data) for data in contents)))
    finally:
        pool.close()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)  # exits with status 2 on a usage error
    if args.max_photo_age_months < 1 or args.timeout <= 0:
        parser.error("--max-photo-age-months and --timeout must be positive")
    try:
        contents = [_read(path, LIMITS.max_total_bytes) for path in args.files]
    except OSError as exc:
        parser.error(f"cannot read {exc.filename}: {exc.strerror}")
    verdicts = asyncio.run(_check_all(args, contents))
    for path, verdict in zip(args.files, verdicts, strict=True):
        print(json.dumps({"file": path, **verdict.as_dict()}, ensure_ascii=False), flush=True)
    return 0 if all(verdict.ok for verdict in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
