"""Pure rendering: a SendEmail command → subject, plain text and HTML, Japanese then English.

Each template is three files in templates/: `<name>.subject` (one line), `<name>.txt` and
`<name>.html`; adding an email means adding its command in contracts and these three files.
"""

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from residency_contracts import PROCEDURE_NAMES, Procedure, SendEmail

TEMPLATES = Path(__file__).parent / "templates"
SUBJECT_PREFIX = "【在留申請オンライン】"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


# Templates ship with the package and never change under a running service: no auto_reload,
# so rendering does not stat three files for every email.
_env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                   autoescape=select_autoescape(["html"]), keep_trailing_newline=True,
                   auto_reload=False)
_plain = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                     autoescape=False, auto_reload=False)


def render(command: SendEmail) -> Rendered:
    data = command.model_dump(mode="json")
    if procedure := data.get("procedure"):
        data["procedure_ja"], data["procedure_en"] = PROCEDURE_NAMES[Procedure(procedure)]
    subject = _plain.get_template(f"{command.template}.subject").render(data).strip()
    return Rendered(
        subject=SUBJECT_PREFIX + " ".join(subject.split()),
        text=_plain.get_template(f"{command.template}.txt").render(data),
        html=_env.get_template(f"{command.template}.html").render(data),
    )
