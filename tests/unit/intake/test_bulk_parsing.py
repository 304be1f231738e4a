"""Reading bulk files: every encoding and layout accepted, every malformed file refused with
one file-level error (SPEC §9)."""

import io
import zipfile
from datetime import date

import pytest
from residency_contracts import Procedure
from residency_devstack import samples
from residency_intake.bulk import parsing, rows, templates
from residency_intake.bulk.columns import names

EXT = Procedure.EXT
TODAY = date(2026, 11, 1)


def ext_rows(n: int, **cells: str) -> list[dict[str, str]]:
    return [templates.cells_of(EXT, samples.ext_content(passport_number=f"TE{i:07d}")) | cells
            for i in range(n)]


def csv_text(n: int = 2, **cells: str) -> str:
    return templates.to_csv(EXT, ext_rows(n, **cells)).decode("utf-8-sig")


def refused(data: bytes, procedure: Procedure = EXT) -> str:
    with pytest.raises(parsing.BulkFileError) as info:
        parsing.read(data, procedure)
    return info.value.code


@pytest.mark.parametrize(("encode", "extra"), [
    (lambda t: t.encode("utf-8"), "髙橋・﨑 ①"),
    (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "髙橋・﨑 ①"),
    (lambda t: t.encode("cp932"), "髙橋・﨑 ①"),  # Windows extensions of Shift_JIS
    (lambda t: t.encode("shift_jis"), "高橋・崎"),
], ids=["utf8", "utf8-bom", "cp932", "shift_jis"])
@pytest.mark.parametrize("newline", ["\r\n", "\n"], ids=["crlf", "lf"])
def test_every_accepted_encoding_and_line_ending_reads_the_same_rows(encode, extra, newline  # type: ignore[no-untyped-def]
                                                                      ) -> None:
    text = csv_text(2, **{"identity.occupation": "留学生", "free_text": extra})
    got = parsing.read(encode(text.replace("\r\n", newline)), EXT)
    assert [r.n for r in got] == [1, 2]
    assert got[0].cells["identity.occupation"] == "留学生" and got[1].cells["free_text"] == extra
    assert all(rows.check(EXT, r.cells, TODAY).status == rows.OK for r in got)


def test_quoted_fields_keep_commas_and_line_breaks() -> None:
    text = csv_text(1, free_text='first line, with a comma\r\nsecond "quoted" line')
    (row,) = parsing.read(text.encode("utf-8"), EXT)
    assert row.cells["free_text"] == 'first line, with a comma\r\nsecond "quoted" line'
    assert rows.check(EXT, row.cells, TODAY).status == rows.OK


def test_an_xlsx_made_from_the_template_is_read_directly() -> None:
    data = templates.to_xlsx(EXT, ext_rows(3, **{"identity.occupation": "学生"}))
    got = parsing.read(data, EXT)
    assert [r.n for r in got] == [1, 2, 3] and got[0].cells["identity.occupation"] == "学生"
    assert all(rows.check(EXT, r.cells, TODAY).status == rows.OK for r in got)


def test_xlsx_dates_and_numbers_typed_by_excel_become_cells() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    heads = names(Procedure.CHG)
    sheet.append(heads)
    cells = templates.example_rows(Procedure.CHG)[1]
    values: list[object] = [cells.get(h, "") for h in heads]
    values[heads.index("current_status.expiry_date")] = date(2027, 3, 31)
    values[heads.index("ACT.weekly_hours")] = 20
    values[heads.index("content_true")] = True
    sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    (row,) = parsing.read(out.getvalue(), Procedure.CHG)
    assert row.cells["current_status.expiry_date"] == "2027-03-31"
    assert row.cells["ACT.weekly_hours"] == "20" and row.cells["content_true"] == "true"
    assert rows.check(Procedure.CHG, row.cells, TODAY).status == rows.OK


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n\x00\x00",
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01",
    bytes(range(256)) * 4,
    b"PK\x03\x04this is not really a zip",
], ids=["pdf", "jpeg", "binary", "broken-zip"])
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(data: bytes) -> None:
    assert refused(data) == "BULK_NOT_CSV_OR_XLSX"


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    assert refused(out.getvalue()) == "BULK_NOT_CSV_OR_XLSX"


def test_more_than_300_applicants_are_refused_and_300_are_accepted() -> None:
    assert len(parsing.read(csv_text(300).encode(), EXT)) == 300
    assert refused(csv_text(301).encode()) == "BULK_TOO_MANY_ROWS"


def test_another_procedures_layout_is_refused() -> None:
    chg = templates.to_csv(Procedure.CHG, templates.example_rows(Procedure.CHG))
    assert refused(chg, EXT) == "BULK_WRONG_PROCEDURE"
    assert refused(templates.to_csv(EXT, []) + b"x\r\n", Procedure.COE) == "BULK_WRONG_PROCEDURE"


def test_unknown_repeated_or_missing_columns_are_refused() -> None:
    text = csv_text(1)
    assert refused(text.replace("reason", "motive", 1).encode()) == "BULK_UNKNOWN_COLUMNS"
    assert refused(("reason," + text).encode()) == "BULK_UNKNOWN_COLUMNS"
    header, _, body = text.partition("\r\n")
    short = ",".join(header.split(",")[:-1]) + "\r\n" + body
    assert refused(short.encode()) == "BULK_MISSING_COLUMNS"
    assert refused(b"hello world\r\n") == "BULK_UNKNOWN_COLUMNS"


@pytest.mark.parametrize("data", [
    b"", b"   \r\n", b"\xef\xbb\xbf", templates.to_csv(EXT, []),
    templates.to_csv(EXT, []) + b",,,\r\n\r\n", templates.to_xlsx(EXT, []),
], ids=["zero-bytes", "blank", "bom-only", "header-only", "blank-rows", "empty-xlsx"])
def test_a_file_without_applicants_is_refused_as_empty(data: bytes) -> None:
    assert refused(data) == "BULK_EMPTY_FILE"


def test_blank_rows_are_skipped_but_row_numbers_follow_the_file() -> None:
    header, _, body = csv_text(2).partition("\r\n")
    first, second = body.strip().split("\r\n")
    got = parsing.read(f"{header}\r\n{first}\r\n,,\r\n{second}\r\n".encode(), EXT)
    assert [r.n for r in got] == [1, 3]


def test_a_file_over_the_size_limit_is_refused() -> None:
    assert refused(b"a" * (parsing.MAX_BYTES + 1)) == "BULK_FILE_TOO_LARGE"


def test_shipped_templates_match_the_forms() -> None:
    from importlib import resources

    folder = resources.files("residency_intake.bulk").joinpath("templates")
    for proc in (Procedure.COE, Procedure.CHG, Procedure.EXT):
        assert folder.joinpath(f"{proc.value}.csv").read_bytes() == templates.to_csv(proc, [])
        example = folder.joinpath(f"{proc.value}-example.csv").read_bytes()
        assert example == templates.to_csv(proc, templates.example_rows(proc))
        assert all(rows.check(proc, r.cells, TODAY).status == rows.OK
                   for r in parsing.read(example, proc))
