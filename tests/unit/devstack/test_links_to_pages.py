"""Under `make run` every emailed link opens the web pages, not the API."""

from residency_devstack.cli import links_to_pages
from residency_web.pages import routes


def _served_by_pages(url: str, web_port: int) -> bool:
    base = f"http://127.0.0.1:{web_port}"
    path = url.removeprefix(base)
    return url.startswith(base) and any(getattr(r, "path", None) == path for r in routes())


def test_the_cesr_receipt_link_and_intakes_links_open_the_web_pages() -> None:
    env = links_to_pages({"PATH": "/usr/bin"}, 8080)
    assert env["INTAKE_PUBLIC_BASE_URL"] == "http://127.0.0.1:8080"
    assert _served_by_pages(env["EXAMINATION_CESR_RECEIPT_URL"], 8080)
    assert env["PATH"] == "/usr/bin"


def test_links_the_operator_set_are_kept() -> None:
    env = links_to_pages({"INTAKE_PUBLIC_BASE_URL": "https://pages.example",
                          "EXAMINATION_CESR_RECEIPT_URL": "https://pages.example/cesr-receipts"},
                         8080)
    assert env["INTAKE_PUBLIC_BASE_URL"] == "https://pages.example"
    assert env["EXAMINATION_CESR_RECEIPT_URL"] == "https://pages.example/cesr-receipts"
