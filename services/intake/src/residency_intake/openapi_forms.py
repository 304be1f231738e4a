"""Documentation only: the request body of POST /applications by procedure, as a `oneOf` with
`procedure` as discriminator. Validation stays NewApplication + the procedure's form."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter
from pydantic.json_schema import GetJsonSchemaHandler, JsonSchemaValue
from pydantic_core import CoreSchema

from .domain.procedures import (
    AcquisitionContent,
    ActivityContent,
    ChangeContent,
    EligibilityContent,
    ExtensionContent,
    ReentryContent,
    WorkCertificateContent,
    WorkCertificateSupplement,
)


class _Sim(BaseModel):
    copy_: dict[str, bool] = Field(default_factory=dict, alias="copy",
                                   description="See CopyFlags.")


class SimultaneousREE(_Sim):
    procedure: Literal["REE"]
    content: ReentryContent


class SimultaneousACT(_Sim):
    procedure: Literal["ACT"]
    content: ActivityContent


class SimultaneousWRK(_Sim):
    procedure: Literal["WRK"]
    content: WorkCertificateSupplement


_Simultaneous = Annotated[SimultaneousREE | SimultaneousACT | SimultaneousWRK,
                          Field(discriminator="procedure")]


class NewCOE(BaseModel):
    procedure: Literal["COE"]
    content: EligibilityContent


class NewACQ(BaseModel):
    procedure: Literal["ACQ"]
    content: AcquisitionContent
    simultaneous: list[_Simultaneous] = []


class NewCHG(BaseModel):
    procedure: Literal["CHG"]
    content: ChangeContent
    simultaneous: list[_Simultaneous] = []


class NewEXT(BaseModel):
    procedure: Literal["EXT"]
    content: ExtensionContent
    simultaneous: list[_Simultaneous] = []


class NewWRK(BaseModel):
    procedure: Literal["WRK"]
    content: WorkCertificateContent


_BY_PROCEDURE = TypeAdapter(Annotated[NewCOE | NewACQ | NewCHG | NewEXT | NewWRK,
                                      Field(discriminator="procedure")])


def _with_content_models(_cls: type, core_schema: CoreSchema, handler: GetJsonSchemaHandler
                         ) -> JsonSchemaValue:
    """NewApplication's schema plus a `oneOf` of the forms by procedure (discriminator)."""
    schema = handler(core_schema)
    handler.resolve_ref_schema(schema).update(handler(_BY_PROCEDURE.core_schema))
    return schema


with_content_models: Any = classmethod(_with_content_models)
"""NewApplication's `__get_pydantic_json_schema__`."""
