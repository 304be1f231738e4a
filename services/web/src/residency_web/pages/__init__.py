"""The pages, one module per part of the manual; each exposes ROUTES."""

from starlette.routing import BaseRoute

from . import account, mypage, register


def routes() -> list[BaseRoute]:
    return [*account.ROUTES, *mypage.ROUTES, *register.ROUTES]
