"""Every 4xx code intake raises has exactly one wording, in both languages, in a catalogue
(`residency_intake.wording`); no catalogue entry is left over; no wording is written inline."""

import ast
import re
from pathlib import Path

import pytest
from residency_intake import wording
from residency_intake.errors import ApiError, field_error_of
from residency_intake.wording import Texts, catalogue, placeholders

SOURCE = Path(wording.__file__).parent
CODE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[A-Z]{4,}$")
# callee name -> index of the positional argument that is the code
RAISERS = {"ApiError": 1, "field_error_of": 1, "of": 1, "invalid": 0, "BulkFileError": 0,
           "wording": 0, "_body": 0}
CATALOGUE_MODULES = {"wording.py", "messages.py", "cesr_messages.py"}
EXAMPLES = {"openapi_docs.py", "openapi_forms.py"}  # example request data, not codes
ERROR_TYPES = {"FieldError", "ErrorBody", "ApiError", "worded", "Problem", "BulkFileError"}


def _sources() -> dict[str, ast.Module]:
    return {str(p.relative_to(SOURCE)): ast.parse(p.read_text(), str(p))
            for p in sorted(SOURCE.rglob("*.py"))
            if p.name not in CATALOGUE_MODULES | EXAMPLES and "migrations" not in p.parts}


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def raised_codes() -> dict[str, list[str]]:
    """code -> where: literal codes at every raise site, codes returned by functions that
    name a code (the password rule) and codes in dict literals (status -> code)."""
    found: dict[str, list[str]] = {}
    for path, tree in _sources().items():
        for node in ast.walk(tree):
            codes: list[str | None] = []
            if isinstance(node, ast.Call) and (i := RAISERS.get(_name(node))) is not None \
                    and len(node.args) > i:
                codes.append(_literal(node.args[i]))
            elif isinstance(node, ast.Call) and _name(node) == "FieldError":
                codes += [_literal(k.value) for k in node.keywords if k.arg == "code"]
            elif isinstance(node, ast.Return) and node.value is not None:
                codes.append(_literal(node.value))
            elif isinstance(node, ast.Dict):
                codes += [_literal(v) for v in node.values]
            for code in codes:
                if code and CODE.match(code):
                    found.setdefault(code, []).append(f"{path}:{node.lineno}")  # type: ignore[attr-defined]
    return found


def mentioned_constants() -> set[str]:
    return {n.value for tree in _sources().values() for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def test_every_code_raised_in_intake_has_a_message() -> None:
    known = catalogue()
    missing = {code: where for code, where in raised_codes().items() if code not in known}
    assert not missing, f"codes without a message (add them to a messages.py): {missing}"


def test_the_scan_finds_the_codes_of_each_kind_of_raise_site() -> None:
    found = raised_codes()
    for code in ("ALREADY_FILED", "LIMIT_FILES",  # ApiError
                 "LAST_DAY_OF_STAY", "RECEPTION_CLOSED",  # rule problems (Problem.of)
                 "BULK_TOO_MANY_ROWS",  # bulk file errors
                 "STATUS_NOT_ELIGIBLE", "PASSWORD_LENGTH",  # pydantic validators
                 "NOT_REQUESTED", "METHOD_NOT_ALLOWED"):  # field errors, the HTTP handler
        assert code in found, code


def test_no_catalogue_entry_is_left_without_a_code_that_uses_it() -> None:
    from residency_intake.messages import PYDANTIC  # pydantic raises these itself

    used = mentioned_constants()
    unused = sorted(c for c in catalogue() if c not in used and c not in PYDANTIC)
    assert not unused, f"catalogue entries no code uses (remove them): {unused}"


def test_no_wording_is_written_inline() -> None:
    inline = []
    for path, tree in _sources().items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node) not in ERROR_TYPES | {
                    "PydanticCustomError"}:
                continue
            texts = [k.value for k in node.keywords if k.arg in ("message_ja", "message_en")]
            if _name(node) in ("ApiError", "Problem", "BulkFileError", "worded"):
                texts += node.args[2:4] if _name(node) != "BulkFileError" else node.args[1:3]
            if _name(node) == "PydanticCustomError" or any(
                    isinstance(t, ast.JoinedStr) or _literal(t) for t in texts):
                inline.append(f"{path}:{node.lineno}")
    assert not inline, f"wording written inline (use a code and a messages.py): {inline}"


def test_every_catalogue_module_is_listed() -> None:
    modules = {f"residency_intake.{'.'.join(p.relative_to(SOURCE).with_suffix('').parts)}"
               for p in SOURCE.rglob("*messages.py")}
    assert modules == set(wording.CATALOGUES)


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_each_message_has_both_languages_with_the_same_placeholders(code: str) -> None:
    ja, en = catalogue()[code]
    assert ja.strip() and en.strip()
    assert placeholders(ja) == placeholders(en)
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", en), "Japanese in the English text"
    filled = wording.wording(code, **{p: "X" for p in placeholders(ja)})
    assert "{" not in filled.ja.replace("{cesr_number}", "")


def test_a_code_gets_its_catalogue_wording_with_values_filled() -> None:
    err = ApiError(422, "LIMIT_FILES", field="file", max_files=20)
    assert err.body.code == "LIMIT_FILES" and err.body.message_ja == "添付できるファイルは20件までです。"
    assert err.body.message_en == "At most 20 files can be attached."
    assert err.body.errors[0].field == "file" and err.body.errors[0].message_en == err.body.message_en


def test_a_value_that_differs_by_language_is_given_in_both() -> None:
    e = field_error_of("action", "ACTION_NOT_ALLOWED", current=Texts("審査中", "examining"))
    assert "（審査中）" in e.message_ja and "examining" in e.message_en


def test_a_code_without_a_message_is_refused_at_once() -> None:
    with pytest.raises(LookupError, match="NO_SUCH_CODE"):
        ApiError(409, "NO_SUCH_CODE")


def test_already_filed_has_one_wording_wherever_it_is_raised() -> None:
    sites = raised_codes()["ALREADY_FILED"]
    assert len({s.split(":")[0] for s in sites}) >= 3  # applications, attachments, organizations
    assert ApiError(409, "ALREADY_FILED").body.message_en == catalogue()["ALREADY_FILED"].en


def test_every_raise_site_passes_exactly_the_values_its_message_needs() -> None:
    """A missing value would be a 500 at the moment of the error; an extra one is unused."""
    wrong = []
    for path, tree in _sources().items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or (i := RAISERS.get(_name(node))) is None \
                    or len(node.args) <= i or not (code := _literal(node.args[i])) \
                    or code not in catalogue() or any(k.arg is None for k in node.keywords):
                continue
            given = {k.arg for k in node.keywords} - {"field", "errors"}
            if given != placeholders(catalogue()[code].ja):
                wrong.append(f"{path}:{node.lineno} {code} {sorted(given)}")
    assert not wrong, f"values not matching the message's placeholders: {wrong}"
