"""What examiners' actions answer: code -> (ja, en). See `residency_intake.wording`."""

MESSAGES: dict[str, tuple[str, str]] = {
    "NOT_FOR_THIS_ACTION": ("この操作（{action}）では入力できない項目です。",
                            "This field is not part of {action}."),
    "ACTION_NOT_ALLOWED": ("現在の処理状況（{current}）ではこの操作はできません。",
                           "This action is not possible while the application is {current}."),
    "CORRECTION_IN_FLIGHT": ("別の補正の依頼を処理中です。処理状況が「返却中」になったことを確認してください。",
                             "Another correction request is being processed; check that the "
                             "application is now returned."),
}
