"""What the procedure catalogue answers: reception periods, intake windows, files.
code -> (ja, en). See `residency_intake.wording`."""

MESSAGES: dict[str, tuple[str, str]] = {
    "PROCEDURE_NOT_FOUND": ("該当する手続きがありません。", "There is no such procedure."),
    "FILE_NOT_FOUND": ("該当するファイルがありません。", "This procedure has no such file."),
    "PER_PAGE_CHOICE": ("表示件数は10件・20件・50件から選んでください。", "Show 10, 20 or 50 per page."),
    "RECEPTION_CLOSED": ("この手続きは受付期間外のため申請できません（受付期間：{period}）。",
                         "This procedure is not open for filing (reception period: {period})."),
    "OUTSIDE_INTAKE_WINDOW": ("所属機関の受付期間外です（次の受付期間：{next_window}）。",
                              "Your organization is not accepting this procedure now "
                              "(next intake window: {next_window})."),
    "WINDOW_NOT_APPLICABLE": ("この手続きには受付期間を設定できません。",
                              "Intake windows cannot be set for this procedure."),
    "WINDOW_ENDS_BEFORE_START": ("終了日は開始日以降の日付にしてください。",
                                 "The end date must be on or after the start date."),
    "WINDOW_OVERLAP": ("受付期間が他の期間と重なっています。", "This window overlaps another one."),
}
