"""The pages, one module per part of the manual; each exposes ROUTES."""

from starlette.routing import BaseRoute

from . import (
    account,
    applications,
    bulk,
    cesr,
    earlier,
    examiner,
    mypage,
    organizations,
    procedures,
    register,
    unfiled,
)


def routes() -> list[BaseRoute]:
    return [*account.ROUTES, *register.ROUTES, *mypage.ROUTES, *procedures.ROUTES,
            *applications.ROUTES, *earlier.ROUTES, *unfiled.ROUTES, *organizations.ROUTES, *bulk.ROUTES,
            *cesr.ROUTES, *examiner.ROUTES]
