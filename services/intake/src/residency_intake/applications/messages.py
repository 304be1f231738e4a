"""What applications answer: filing, drafts, corrections, later requests. code -> (ja, en).
See `residency_intake.wording`."""

MESSAGES: dict[str, tuple[str, str]] = {
    "APPLICATION_NOT_FOUND": ("申請が見つかりません。", "No such application."),
    "NETWORK_NOT_ALLOWED": ("このネットワークからはオンライン申請できません（日本国内からのみ申請できます）。",
                            "Applications cannot be filed from this network (only from Japan)."),
    "FILE_AS_BULK": ("一括申請の行は一括申請としてのみ申請できます。",
                     "A bulk row is filed only with its bulk filing."),
    "FILE_WITH_MAIN": ("同時申請は主たる申請と一緒に申請されます。",
                       "A simultaneous application is filed with its main application."),
    "NOT_AN_APPLICATION": ("この手続きはここでは申請できません。", "This procedure is not filed here."),
    "DUPLICATE_LIVE_APPLICATION": ("この申請人には同じ手続きの審査中の申請が既にあります。"
                                   "結果が出るまで新たに申請できません。",
                                   "This applicant already has a live application for the same "
                                   "procedure; a new one can be filed once it is completed."),
    "NOT_FILED": ("まだ申請されていません。", "The application is not filed yet."),
    "RECEIPT_METHOD_LOCKED": ("受領方法を変更できるのは「処理待ち」「申請完了」「審査中」の間のみです。",
                              "The receipt method can be changed only while the application is "
                              "pending, filed or under examination."),
    "RECEIPT_METHOD_NOT_APPLICABLE": ("この申請では在留カードの受領方法を変更できません。",
                                      "This application has no residence-card receipt method."),
    "CESR_NOT_ISSUED": ("在留資格認定証明書（電子）はまだ交付されていません。",
                        "No electronic CESR has been issued for this application."),
    "CESR_ALREADY_REGISTERED": ("受領登録は済んでいます。", "The receipt has already been registered."),
    "NOT_RETURNED": ("補正を依頼されている申請ではありません。",
                     "No correction is requested for this application."),
    "NOT_REQUESTED": ("依頼されていない項目です。", "This item was not requested."),
    "DUPLICATE_ITEM": ("同じ項目が重複しています。", "This item is answered twice."),
    "DRAFT_NOT_SUPPORTED": ("この手続きは一時保存できません。", "This procedure has no saved form."),
    "DRAFT_NOT_FOUND": ("一時保存された申請がありません。", "No saved draft."),
    "DRAFT_PROCEDURE_MISMATCH": ("一時保存した申請は同じ手続きにのみ読み込めます。",
                                 "A draft can only be loaded into the same procedure."),
    "REUSE_TOO_OLD": ("再利用できるのは過去{years}年以内の申請のみです。",
                      "Only applications of the last {years} years can be reused."),
}
