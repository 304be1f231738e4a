"""Bodies of the bulk filing API."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field
from residency_contracts import Procedure

from .. import openapi_docs as ex
from ..errors import FieldError
from ..views import AttachmentView


class BulkRow(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.BULK_ROW, ex.BULK_ROW_TO_CHECK))
    row: int = Field(description="Data row number in the file (1 = under the header).")
    status: str = Field(description="ok (正常) or needs_checking (要確認): the file's content, "
                                    "the same verdict as `residency-bulk check`.")
    status_ja: str
    errors: list[FieldError]
    application_id: UUID
    latin_name: str | None
    cells: dict[str, str]
    attachments: list[AttachmentView] = []
    attachment_errors: list[FieldError] = Field(
        default_factory=list, description="What filing would still refuse about the files "
        "(e.g. PHOTO_REQUIRED), while no check is pending.")
    attachments_pending: bool = False


class BulkUpload(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.BULK_UPLOAD))
    upload_id: UUID
    procedure: Procedure
    state: str = Field(description="open, or filed.")
    uploaded_at: datetime
    count: int
    ok: int
    needs_checking: int
    ready_to_file: bool = Field(description="Every row ok, every file checked and accepted.")
    replaced_previous: bool = Field(False, description="This upload replaced the last one.")
    bulk_number: str | None = None
    filed_at: datetime | None = None
    rows: list[BulkRow]


class RowFix(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.ROW_FIX))
    cells: dict[str, str | None] = Field(
        description="Columns to change (template column names); null or \"\" empties a cell.",
        examples=[{"identity.latin_name": "SAMPLE,TARO"}])


class BulkFiledRow(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.BULK_FILED["applications"][0]))
    row: int
    application_id: UUID
    reference_number: str


class BulkFiled(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.BULK_FILED))
    upload_id: UUID
    bulk_number: str = Field(description="一括申請番号: 一括 + bureau + yy + 6-digit serial.",
                             examples=["一括東26000001"])
    count: int = Field(description="一括申請件数: applicants filed.")
    filed_at: datetime
    applications: list[BulkFiledRow]
