"""Which attachment its filer may still delete (操作マニュアル: 添付した資料を削除するには[削除]).
Pure.

- Before filing, any file of the application (a refused one included: filing is refused while
  one is, so deleting it is the way on).
- Once filed, only while a correction request is open (返却中) and only the files added for
  its answer (uploaded since the request); what was sent with the filing or an earlier answer
  stays with the examiners.
- Otherwise nothing: the filing can no longer change.
"""

from datetime import datetime

from .rules import Problem


def removal_problem(filed: bool, answer_opened_at: datetime | None,
                    uploaded_at: datetime) -> Problem | None:
    """Deleting a file uploaded at `uploaded_at`; `answer_opened_at` is when the open
    correction request was made (None when no answer is open)."""
    if not filed:
        return None
    if answer_opened_at is None:
        return Problem.of("attachment_id", "ALREADY_FILED")
    if uploaded_at < answer_opened_at:
        return Problem.of("attachment_id", "ATTACHMENT_ALREADY_SENT")
    return None
