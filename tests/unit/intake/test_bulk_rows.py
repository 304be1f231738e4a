"""Row verdicts: the single-filing rules, codes and messages, named by the file's columns;
and `residency-bulk check` printing them."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from residency_contracts import Procedure
from residency_devstack import samples
from residency_intake.applications.core import validated
from residency_intake.bulk import rows, templates
from residency_intake.bulk.columns import layout
from residency_intake.errors import ApiError
from residency_intake.views import NewApplication

TODAY = date(2026, 11, 1)
EXT, CHG = Procedure.EXT, Procedure.CHG


def ext_cells(**changes: str) -> dict[str, str]:
    return templates.cells_of(EXT, samples.ext_content()) | changes


def test_a_good_row_is_ok_and_stands_for_the_single_filing_request() -> None:
    verdict = rows.check(EXT, ext_cells(), TODAY)
    assert verdict.status == rows.OK and verdict.errors == []
    assert verdict.application["content"]["identity"]["criminal_record"] is False
    assert verdict.validated[0][0] is EXT


def test_errors_carry_the_same_codes_and_messages_as_single_filing() -> None:
    bad = samples.ext_content() | {"notification_email": "not-an-email"}
    bad["identity"] = bad["identity"] | {"latin_name": "taro"}
    with pytest.raises(ApiError) as single:
        validated(NewApplication(procedure=EXT, content=bad))
    verdict = rows.check(EXT, templates.cells_of(EXT, bad), TODAY)
    assert verdict.status == rows.NEEDS_CHECKING
    expected = {(e.field.removeprefix("content."), e.code, e.message_ja, e.message_en)  # type: ignore[union-attr]
                for e in single.value.body.errors}
    assert {(e.field, e.code, e.message_ja, e.message_en) for e in verdict.errors} == expected
    assert {e.field for e in verdict.errors} == {"identity.latin_name", "notification_email"}


def test_empty_required_cells_are_named_by_column() -> None:
    verdict = rows.check(EXT, ext_cells(**{"current_status.expiry_date": "", "reason": ""}),
                         TODAY)
    assert {(e.field, e.code) for e in verdict.errors} == {
        ("current_status.expiry_date", "MISSING"), ("reason", "MISSING")}


def test_filing_date_rules_apply_to_rows() -> None:
    verdict = rows.check(EXT, ext_cells(**{"current_status.expiry_date": "2026-11-01"}), TODAY)
    assert [(e.field, e.code) for e in verdict.errors] == [
        ("current_status.expiry_date", "LAST_DAY_OF_STAY")]
    same = templates.cells_of(CHG, samples.chg_content()) | {"desired_status": "student"}
    assert [e.code for e in rows.check(CHG, same, TODAY).errors] == ["SAME_STATUS"]


def test_simultaneous_columns_make_simultaneous_applications() -> None:
    cells = templates.cells_of(CHG, samples.chg_content(), {"ACT": samples.act_content()})
    verdict = rows.check(CHG, cells, TODAY)
    assert verdict.status == rows.OK
    assert [p for p, _ in verdict.validated] == [CHG, Procedure.ACT]
    assert json.loads(verdict.validated[1][1])["identity"]["latin_name"] == "SAMPLE,TARO"
    bad = cells | {"ACT.weekly_hours": "41", "REE.permit_type": "single"}
    assert {(e.field, e.code) for e in rows.check(CHG, bad, TODAY).errors} == {
        ("ACT.weekly_hours", "LESS_THAN_EQUAL"), ("receipt_method", "REENTRY_REQUIRES_COUNTER")}


def test_copied_sections_are_reported_once_under_the_main_column() -> None:
    cells = templates.cells_of(CHG, samples.chg_content(), {"ACT": samples.act_content()})
    errors = rows.check(CHG, cells | {"identity.sex": "X"}, TODAY).errors
    assert [(e.field, e.code) for e in errors] == [("identity.sex", "LITERAL_ERROR")]


def test_yes_no_cells_accept_japanese_and_refuse_other_words() -> None:
    assert rows.check(EXT, ext_cells(content_true="はい"), TODAY).status == rows.OK
    assert [e.code for e in rows.check(EXT, ext_cells(content_true="いいえ"), TODAY).errors] == [
        "CONFIRMATION_REQUIRED"]
    assert [e.code for e in rows.check(EXT, ext_cells(content_true="maybe"), TODAY).errors] == [
        "BOOL_PARSING"]


def test_values_beyond_the_last_column_are_an_error_of_the_row() -> None:
    verdict = rows.check(EXT, ext_cells(), TODAY, extra_cells=True)
    assert [e.code for e in verdict.errors] == ["EXTRA_CELLS"]


def test_coe_has_no_simultaneous_columns_and_chg_has_all_three() -> None:
    assert {c.section for c in layout(Procedure.COE)} == {""}
    assert {c.section for c in layout(CHG)} == {"", "REE", "ACT", "WRK"}


def _cli(*args: str) -> tuple[int, list[dict[str, object]]]:
    bin_dir = Path(sys.executable).parent
    done = subprocess.run([str(bin_dir / "residency-bulk"), *args], capture_output=True,
                          timeout=60, check=False)
    return done.returncode, [json.loads(line) for line in done.stdout.decode().splitlines()]


def test_cli_prints_one_verdict_per_row_and_one_bad_row_stops_nothing(tmp_path: Path) -> None:
    good = templates.cells_of(EXT, samples.ext_content())
    data = templates.to_csv(EXT, [good, good | {"identity.sex": "X"}, good]).decode("utf-8-sig")
    path = tmp_path / "ext.csv"
    path.write_bytes(data.encode("cp932"))
    code, lines = _cli("check", "--procedure", "EXT", str(path))
    assert code == 1 and [(x["row"], x["status"]) for x in lines] == [
        (1, "ok"), (2, "needs_checking"), (3, "ok")]
    assert lines[1]["errors"] == [{"field": "identity.sex", "code": "LITERAL_ERROR",
                                   "message_ja": "選択肢から選んでください。",
                                   "message_en": "Choose one of the listed values."}]


def test_cli_prints_one_error_for_a_refused_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    code, lines = _cli("check", "--procedure", "COE", str(path))
    assert code == 2 and lines == [{"error": "BULK_EMPTY_FILE",
                                    "message_ja": "ファイルに申請人の情報がありません。",
                                    "message_en": "The file holds no applicant."}]
