"""Templates and examples of each bulk layout: CSV (UTF-8 with BOM, CRLF) and an .xlsx that
needs no macros (sheet 1 is the file itself, sheet 2 documents every column)."""

import csv
import io
import json
from importlib import resources
from typing import Any

from residency_contracts import Procedure

from .columns import layout, names, spec

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cells_of(procedure: Procedure, content: dict[str, Any],
             simultaneous: dict[str, dict[str, Any]] | None = None) -> dict[str, str]:
    """The row for a single-filing content (and {REE/ACT/WRK: content}): the inverse of
    rows.application_of, for examples, tests and benchmarks."""
    out: dict[str, str] = {}
    for col in layout(procedure):
        node: Any = (simultaneous or {}).get(col.section, {}) if col.section else content
        for key in col.path:
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None:
            out[col.name] = ("true" if node else "false") if isinstance(node, bool) else str(node)
    return out


def example_rows(procedure: Procedure) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("templates", "examples.json").read_text("utf-8")
    return [cells_of(procedure, e["content"], e.get("simultaneous"))
            for e in json.loads(text)[procedure.value]]


def to_csv(procedure: Procedure, rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    heads = names(procedure)
    writer.writerow(heads)
    for row in rows:
        writer.writerow([row.get(h, "") for h in heads])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def to_xlsx(procedure: Procedure, rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]  # the one a new workbook has
    sheet.title = procedure.value
    heads = names(procedure)
    sheet.append(heads)
    for row in rows:
        sheet.append([row.get(h, "") for h in heads])
    doc = book.create_sheet("columns")
    doc.append(["column", "section", "kind", "required", "choices", "description", "example"])
    for c in spec(procedure):
        doc.append([c["column"], c["section"], c["kind"], "yes" if c["required"] else "",
                    " | ".join(c["choices"]), c["description"], c["example"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(procedure: Procedure, fmt: str, with_examples: bool) -> tuple[bytes, str, str]:
    """(body, media type, file name) of a template, optionally with example rows."""
    from .service import supported

    supported(procedure)
    examples = example_rows(procedure) if with_examples else []
    name = f"bulk-{procedure.value}{'-example' if with_examples else ''}.{fmt}"
    if fmt == "xlsx":
        return to_xlsx(procedure, examples), XLSX_TYPE, name
    return to_csv(procedure, examples), "text/csv; charset=utf-8", name
