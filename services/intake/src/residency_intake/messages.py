"""Codes several features raise, and the wording of pydantic's own validation errors.

How wording works, and where the other catalogues are: `residency_intake.wording`.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "VALIDATION_FAILED": ("入力内容に誤りがあります。", "Some fields are not valid."),
    "UNAUTHENTICATED": ("ログインしてください（未ログイン、又はセッションが終了しました）。",
                        "Log in first (you are not logged in, or your session ended)."),
    "FORBIDDEN": ("この操作は、ご利用の利用者区分では行えません。",
                  "Your kind of account cannot do this."),
    "NOT_FOUND": ("見つかりません。", "Not found."),
    "TOO_MANY_REQUESTS": ("短時間に操作が繰り返されました。{seconds}秒ほど待ってからもう一度お試しください。",
                          "Too many attempts in a short time. Please wait about {seconds} "
                          "seconds and try again."),
    "PASSWORD_CHECKS_BUSY": ("現在混み合っています。{seconds}秒ほど待ってからもう一度お試しください。",
                             "The service is busy. Please wait about {seconds} seconds and "
                             "try again."),
    "METHOD_NOT_ALLOWED": ("この方法では操作できません。", "This method is not allowed here."),
    "HTTP_ERROR": ("リクエストを処理できません。", "The request cannot be processed."),
    "INVALID_CHARACTERS": ("使用できない文字（制御文字など）が含まれています。",
                           "The input contains characters that cannot be stored "
                           "(such as control characters)."),
    "ALREADY_FILED": ("既に申請済みです。申請済みの内容は変更できません。",
                      "This has already been filed; it can no longer be changed."),
    "CANNOT_FILE": ("申請できません。表示された項目を確認してください。",
                    "This cannot be filed; see the listed fields."),
    "ATTACHMENTS_PENDING": ("添付ファイルを確認中です。しばらくしてからもう一度お試しください。",
                            "Attachments are still being checked. Try again in a moment."),
    "BAD_UPLOAD": ("ファイルを添付してください（multipart/form-data の file 項目）。",
                   "Send the file as the 'file' part of multipart/form-data."),
    "EMPTY_FILE": ("空のファイルは添付できません。", "The file is empty."),
    # request-size limits (bodylimit.py), counted while the body is read
    "REQUEST_TOO_LARGE": ("送信内容が大きすぎます（{limit}以内にしてください）。",
                          "The request body is too large (at most {limit})."),
    "FORM_FIELD_TOO_LARGE": ("入力項目が大きすぎます（{limit}以内にしてください）。",
                             "This form field is too large (at most {limit})."),
    "FILE_TOO_LARGE": ("ファイルが大きすぎます（{limit}以内にしてください）。",
                       "The file is too large (at most {limit})."),
    "FORM_TOO_MANY_PARTS": ("送信された項目が多すぎます（{parts}個以内にしてください）。",
                            "The form has too many parts (at most {parts})."),
    "LIMIT_FILES": ("添付できるファイルは{max_files}件までです。",
                    "At most {max_files} files can be attached."),
    "LIMIT_SIZE": ("添付ファイルは合計{megabytes}MB以内にしてください（顔写真を含みます）。",
                   "Attachments may total at most {megabytes} MB (the photo included)."),
    "ATTACHMENT_KIND_NOT_ALLOWED": ("この手続きに添付できるのは書類（PDF）のみです。",
                                    "Only documents (PDF) can be attached here."),
    "ATTACH_TO_MAIN": ("添付ファイルは主たる申請に添付してください。",
                       "Attach files to the main application."),
    "ATTACHMENT_NOT_FOUND": ("添付ファイルが見つかりません（削除済みの可能性があります）。",
                             "No such attachment (it may have been deleted already)."),
    "ATTACHMENT_ALREADY_SENT": ("提出済みの資料は削除できません。削除できるのは、補正のために追加した"
                                "資料のうち、まだ提出していないものだけです。",
                                "Files already sent cannot be deleted; only files added for the "
                                "correction answer, before it is sent, can be."),
}

# pydantic's error types, upper-cased (missing -> MISSING); pydantic's ctx fills the values.
PYDANTIC: dict[str, tuple[str, str]] = {
    "MISSING": ("必須項目です。", "This field is required."),
    "STRING_TOO_LONG": ("{max_length}文字以内で入力してください。",
                        "Enter at most {max_length} characters."),
    "STRING_TOO_SHORT": ("{min_length}文字以上で入力してください。",
                         "Enter at least {min_length} characters."),
    "STRING_PATTERN_MISMATCH": ("入力形式が正しくありません。", "The format is not valid."),
    "DATE_FROM_DATETIME_PARSING": ("日付の形式が正しくありません（YYYY-MM-DD）。",
                                   "Enter a date as YYYY-MM-DD."),
    "DATE_PARSING": ("日付の形式が正しくありません（YYYY-MM-DD）。", "Enter a date as YYYY-MM-DD."),
    "ENUM": ("選択肢から選んでください。", "Choose one of the listed values."),
    "LITERAL_ERROR": ("選択肢から選んでください。", "Choose one of the listed values."),
    "BOOL_PARSING": ("はい・いいえで指定してください。", "Answer yes or no."),
    "JSON_INVALID": ("JSONの形式が正しくありません。", "The request body is not valid JSON."),
    "EXTRA_FORBIDDEN": ("この項目は入力できません。", "This field is not part of the form."),
    "INT_PARSING": ("半角数字で入力してください。", "Enter a whole number."),
    "INT_TYPE": ("半角数字で入力してください。", "Enter a whole number."),
    "GREATER_THAN_EQUAL": ("{ge}以上で入力してください。", "Enter at least {ge}."),
    "LESS_THAN_EQUAL": ("{le}以下で入力してください。", "Enter at most {le}."),
    "STRING_TYPE": ("文字列で入力してください。", "Enter text."),
    "DICT_TYPE": ("項目の形式が正しくありません。", "This section must be an object."),
    "MODEL_TYPE": ("項目の形式が正しくありません。", "This section must be an object."),
    "MODEL_ATTRIBUTES_TYPE": ("項目の形式が正しくありません。", "This section must be an object."),
    "LIST_TYPE": ("一覧の形式で入力してください。", "This must be a list."),
    "TOO_LONG": ("{max_length}件以内で入力してください。", "Enter at most {max_length} items."),
    "UNION_TAG_INVALID": ("種類の指定が正しくありません。", "Choose one of the listed kinds."),
    "UNION_TAG_NOT_FOUND": ("種類を指定してください。", "Say which kind this is."),
    "UUID_PARSING": ("IDの形式が正しくありません。", "This is not a valid id."),
    "INVALID": ("入力内容が正しくありません。", "The value is not valid."),
}
"""INVALID: any other pydantic error type (its own code upper-cased, this wording)."""
