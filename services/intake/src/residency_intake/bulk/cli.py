"""`residency-bulk`: check a bulk file offline (the API's verdicts), write templates.

    residency-bulk check --procedure COE|CHG|EXT FILE
        one JSON object per row: {"row", "status", "errors": [{field, code, message_ja,
        message_en}]}; or one {"error", "message_ja", "message_en"} for a refused file.
        Exit 0 when every row is ok, 1 when some row needs checking, 2 for a refused file.
    residency-bulk template --procedure EXT [--xlsx] [--examples] OUT
"""

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from residency_contracts import TOKYO, Procedure

from . import parsing, rows, templates
from .columns import BULK_PROCEDURES

CHOICES = [p.value for p in BULK_PROCEDURES]


def check_file(procedure: Procedure, data: bytes) -> tuple[list[dict[str, object]], int]:
    """The lines `check` prints, and its exit code."""
    today = datetime.now(TOKYO).date()
    try:
        raw = parsing.read(data, procedure)
    except parsing.BulkFileError as exc:
        return [{**exc.as_json()}], 2
    out: list[dict[str, object]] = []
    for r in raw:
        verdict = rows.check(procedure, r.cells, today, r.extra_cells)
        out.append({"row": r.n, "status": verdict.status,
                    "errors": [e.model_dump() for e in verdict.errors]})
    return out, 0 if all(o["status"] == rows.OK for o in out) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="residency-bulk", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check a bulk file (CSV or .xlsx)")
    check.add_argument("--procedure", required=True, choices=CHOICES)
    check.add_argument("file", type=Path)
    tpl = sub.add_parser("template", help="write a template")
    tpl.add_argument("--procedure", required=True, choices=CHOICES)
    tpl.add_argument("--xlsx", action="store_true")
    tpl.add_argument("--examples", action="store_true")
    tpl.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    procedure = Procedure(args.procedure)
    if args.command == "template":
        body, _media, _name = templates.download(procedure, "xlsx" if args.xlsx else "csv",
                                                 args.examples)
        args.out.write_bytes(body)
        return 0
    lines: list[dict[str, object]]
    with args.file.open("rb") as f:
        data = f.read(parsing.MAX_BYTES + 1)
    if len(data) > parsing.MAX_BYTES:
        lines, code = [{**parsing.too_large().as_json()}], 2
    else:
        lines, code = check_file(procedure, data)
    for line in lines:
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
