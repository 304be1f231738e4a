"""The procedure catalogue (public), favorites (logged in) and organizations' intake windows."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import AfterValidator

from ..catalogue import favorites, service, windows
from ..catalogue.search import PER_PAGE_CHOICES
from ..catalogue.views import IntakeWindows, IntakeWindowsIn, ProcedureDetail, ProcedurePage
from ..catalogue.views import ProcedureSummary as Summary
from ..deps import CurrentUser, Now, Pool, Staff
from ..errors import ErrorBody
from ..wording import invalid

router = APIRouter(tags=["procedures"])
ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody},
          422: {"model": ErrorBody}}


def _per_page(value: int) -> int:
    if value not in PER_PAGE_CHOICES:
        raise invalid("PER_PAGE_CHOICE")
    return value


PerPage = Annotated[int, AfterValidator(_per_page),
                    Query(json_schema_extra={"enum": list(PER_PAGE_CHOICES)},
                          description="Entries per page: 10, 20 or 50.", examples=[20])]
Code = Annotated[str, Path(description="Procedure code.", examples=["EXT"])]


@router.get("/procedures", response_model=ProcedurePage, responses=ERRORS,
            summary="Search the procedure catalogue")
async def list_procedures(
        pool: Pool, now: Now,
        q: Annotated[str | None, Query(max_length=200, description=(
            "Keywords separated by spaces; every one must occur in the Japanese or English "
            "name or description (case and full/half width ignored)."),
            examples=["在留 更新"])] = None,
        synonyms: Annotated[bool, Query(description="Widen each keyword with its synonyms "
                                                    "(類義語検索).", examples=[True])] = False,
        sort: Annotated[Literal["name", "code", "reception_start"],
                        Query(examples=["name"])] = "reception_start",
        order: Annotated[Literal["asc", "desc"], Query(examples=["asc"])] = "desc",
        page: Annotated[int, Query(ge=1, le=100_000, examples=[1])] = 1,
        per_page: PerPage = 10,
        lang: Annotated[Literal["ja", "en"], Query(description=(
            "Language whose name order `sort=name` follows (ja: by reading)."),
            examples=["en"]) ] = "ja",
) -> ProcedurePage:
    """Search the catalogue (手続き一覧): newest reception start first by default."""
    return await service.list_procedures(pool, now, q, synonyms, sort, order, page, per_page,
                                         lang)


@router.get("/procedures/favorites", response_model=list[Summary], responses=ERRORS,
            summary="List your favorite procedures")
async def my_favorites(pool: Pool, who: CurrentUser, now: Now) -> list[Summary]:
    """The logged-in user's favorite procedures (お気に入り), most recent first."""
    return await favorites.of(pool, who, now)


@router.get("/procedures/{code}", response_model=ProcedureDetail, responses=ERRORS,
            summary="Show one procedure's description, period and files")
async def get_procedure(code: Code, pool: Pool, now: Now) -> ProcedureDetail:
    """One procedure (手続き説明): description, reception period, contact, files."""
    return await service.get_procedure(pool, code, now)


FILE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/plain": {"schema": {"type": "string"},
                                     "example": "Procedures and statuses covered…"}},
          "description": "The file."}}


@router.get("/procedures/{code}/files/{name}", responses=ERRORS | FILE, response_class=Response,
            summary="Download one of a procedure's files")
async def download_file(code: Code,
                        name: Annotated[str, Path(examples=["eligible-statuses.txt"])], pool: Pool) -> Response:
    """Download one of the procedure's files (ダウンロードファイル)."""
    content, media_type = await service.procedure_file(pool, code, name)
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.put("/procedures/{code}/favorite", status_code=status.HTTP_204_NO_CONTENT,
            responses=ERRORS, summary="Add a procedure to your favorites")
async def add_favorite(code: Code, pool: Pool, who: CurrentUser, now: Now) -> None:
    """Mark the procedure as a favorite of the logged-in user (idempotent)."""
    await favorites.add(pool, who, code, now)


@router.delete("/procedures/{code}/favorite", status_code=status.HTTP_204_NO_CONTENT,
               responses=ERRORS, summary="Remove a procedure from your favorites")
async def remove_favorite(code: Code, pool: Pool, who: CurrentUser) -> None:
    """Unmark the favorite (idempotent)."""
    await favorites.remove(pool, who, code)


@router.get("/organizations/me/intake-windows/{code}", response_model=IntakeWindows,
            responses=ERRORS, summary="Show your organization's intake windows")
async def get_intake_windows(code: Code, pool: Pool, who: Staff) -> IntakeWindows:
    """Your organization's intake windows for one procedure (none: no restriction)."""
    return await windows.get(pool, who, code)


@router.put("/organizations/me/intake-windows/{code}", response_model=IntakeWindows,
            responses=ERRORS, summary="Set your organization's intake windows")
async def put_intake_windows(code: Code, body: IntakeWindowsIn, pool: Pool,
                             who: Staff) -> IntakeWindows:
    """Replace your organization's intake windows for one procedure (seed 002's enrollment
    periods): filing through your organization is refused on any other day."""
    return await windows.put(pool, who, code, body)
