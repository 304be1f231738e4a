"""What organization filings answer (usage requests, periodic reports): code -> (ja, en).
See `residency_intake.wording`."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ORGANIZATION_NOT_FOUND": ("利用申出が承認された所属機関が見つかりません。",
                               "No organization with an approved usage request was found."),
    "FILING_NOT_FOUND": ("利用申出・定期報告が見つかりません。",
                         "No such usage request or periodic report."),
    "ALREADY_MEMBER": ("既に所属機関の利用が承認されています。",
                       "You already belong to an approved organization."),
    "USAGE_REQUEST_EXISTS": ("処理中の利用申出があります。結果が出るまでお待ちください。",
                             "You already have a usage request in progress."),
    "PERIODIC_REPORT_EXISTS": ("処理中の定期報告があります。結果が出るまでお待ちください。",
                               "Your organization already has a periodic report in progress."),
    "ATTACHMENTS_REQUIRED": ("必要な資料（PDF）を添付してください。",
                             "Attach the required documents (PDF)."),
}
