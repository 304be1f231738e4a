"""What the pure filing rules (domain/*) say: code -> (ja, en). See `residency_intake.wording`."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the form itself (pydantic validators of domain/content.py)
    "STATUS_NOT_ELIGIBLE": ("在留資格「外交」「短期滞在」はオンライン申請の対象外です。",
                            "Applications for Diplomat or Temporary Visitor cannot be filed "
                            "online."),
    "CONFIRMATION_REQUIRED": ("この項目を確認（チェック）してください。",
                              "Confirm this statement to file."),
    # the last day of stay (period_of_stay.py) and attachments (rules.py)
    "LAST_DAY_OF_STAY": ("在留期間の満了日当日はオンラインで申請できません。"
                         "地方出入国在留管理官署の窓口で申請してください。",
                         "You cannot apply online on the last day of your period of stay. "
                         "Apply at the counter of a regional immigration bureau."),
    "PERIOD_EXPIRED": ("在留期間が満了しています。窓口にご相談ください。",
                       "Your period of stay has expired. Consult a bureau counter."),
    "PHOTO_REQUIRED": ("顔写真を添付してください。", "Attach a face photo."),
    # one live application per person and procedure (one_live_application.py)
    "DUPLICATE_LIVE_APPLICATION": ("この申請人には同じ手続きの審査中の申請が既にあります。"
                                   "結果が出るまで新たに申請できません。",
                                   "This applicant already has a live application for the same "
                                   "procedure; a new one can be filed once it is completed."),
    # per-account quotas (account_quotas.py)
    "TOO_MANY_DRAFTS": ("申請前の申請は{drafts}件までしか保存できません。"
                        "申請するか、不要な申請を削除してから作成してください。",
                        "You can keep at most {drafts} applications that are not yet filed. "
                        "File them or delete the ones you no longer need "
                        "(DELETE /applications/{{id}}), then try again."),
    "STORAGE_QUOTA_EXCEEDED": ("申請前の申請に添付できるファイルは合計{size}までです。"
                               "申請するか、不要な申請を削除してから添付してください。",
                               "The files on your applications not yet filed may take at most "
                               "{size} in all. File them or delete the ones you no longer need "
                               "(DELETE /applications/{{id}}), then attach again."),
    # what may be filed together (filing.py)
    "PROCEDURE_NOT_SUPPORTED": ("この手続きは申請として作成できません。専用の手続きから行ってください。",
                                "This procedure is not filed as an application; use its own "
                                "request."),
    "PROCEDURE_NOT_STANDALONE": ("この手続きは単独では申請できません。"
                                 "在留期間更新・在留資格変更・取得の申請と同時に申請してください。",
                                 "This procedure cannot be filed on its own; file it together "
                                 "with an extension, change or acquisition of status."),
    "SIMULTANEOUS_NOT_ALLOWED": ("この組合せでは同時申請できません"
                                 "（再入国・資格外活動・就労資格証明書は在留資格変更・期間更新・取得と同時のみ）。",
                                 "Only re-entry, activity outside status and authorized-"
                                 "employment certificates can be filed together, and only "
                                 "with a change, extension or acquisition of status."),
    "SIMULTANEOUS_DUPLICATE": ("同じ手続きを重複して同時申請できません。",
                               "The same procedure is listed twice."),
    "REENTRY_REQUIRES_COUNTER": ("再入国許可申請を同時に申請する場合、在留カードの受領方法は"
                                 "「窓口」のみです。",
                                 "With a re-entry permit the residence card must be collected "
                                 "at a bureau counter: choose receipt_method \"counter\"."),
    "EVENT_IN_FUTURE": ("将来の日付は入力できません。", "The date cannot be in the future."),
    "ACQUISITION_DEADLINE_PASSED": ("出生・日本国籍離脱の日から{days}日を過ぎているため、"
                                    "オンラインで申請できません。窓口にご相談ください。",
                                    "More than {days} days have passed since the birth or loss "
                                    "of nationality; consult a bureau counter."),
    "SAME_STATUS": ("現在の在留資格と異なる在留資格を選択してください（同じ場合は期間更新を申請してください）。",
                    "Choose a status different from the current one (for the same status, "
                    "apply for an extension)."),
    # the status list (listing.py)
    "INVALID_DATE": ("日付は YYYYMMDD の形式（例: 20260401）で入力してください。",
                     "Enter the date as YYYYMMDD (e.g. 20260401)."),
    "INVALID_PAGE_SIZE": ("表示件数は10・20・50件から選んでください。", "Choose 10, 20 or 50 per page."),
    "INVALID_PAGE": ("ページ番号が正しくありません。", "The page number is not valid."),
    # organization access (organization_access.py)
    "ORGANIZATION_ACCESS_REQUIRED": ("所属機関の利用申出が承認されていないため、この手続きはできません。"
                                     "先に利用申出を行い、承認を受けてください。",
                                     "Your organization's usage request has not been approved "
                                     "yet; file one and get it approved first."),
    "ORGANIZATION_ACCESS_EXPIRED": ("所属機関の利用期限が過ぎています。定期報告を行い、承認を受けてください。",
                                    "Your organization's access has expired; file a periodic "
                                    "report and get it approved."),
    # opening an attachment (attachment_download.py)
    "ATTACHMENT_BEING_CHECKED": ("この添付ファイルは確認中のため、まだ開けません。"
                                 "確認が終わってからもう一度お試しください。",
                                 "This file is still being checked and cannot be opened yet. "
                                 "Try again once its check is finished."),
    "ATTACHMENT_REFUSED": ("この添付ファイルは受け付けられなかったため、開けません。",
                           "This file was not accepted, so it cannot be opened."),
    "CERTIFICATE_BY_EMAIL_OR_POST": ("在留資格認定証明書の受領方法は「電子メール」又は「郵送」から選んでください。",
                                     "A certificate of eligibility is received by email or by "
                                     "post: choose receipt_method \"email\" or \"post\"."),
    "CARD_BY_MAIL_OR_COUNTER": ("在留カードの受領方法は「郵送」又は「窓口」から選んでください。",
                                "A residence card is received by mail or at a counter: choose "
                                "receipt_method \"mail\" or \"counter\"."),
    "NO_COUNTER_FOR_CERTIFICATE": ("在留資格認定証明書は窓口では受け取れません。",
                                   "A certificate of eligibility is not collected at a counter."),
}
