"""What accounts answer (SPEC §2): code -> (ja, en). See `residency_intake.wording`."""

MESSAGES: dict[str, tuple[str, str]] = {
    "EMAIL_IN_USE": ("このメールアドレスは既に別のアカウントで登録されています。"
                     "利用者IDを忘れた場合は再通知をご利用ください。",
                     "This address already belongs to an account. If you forgot that "
                     "account's user ID, ask for a reminder."),
    "INVALID_CREDENTIALS": ("利用者IDまたはパスワードが正しくありません。",
                            "The user ID or password is not correct."),
    "ACCOUNT_LOCKED": ("パスワードを{failures}回続けて間違えたため、アカウントがロックされています"
                       "（{hours}時間）。すぐに解除するにはパスワードを再設定してください。",
                       "The account is locked for {hours} hours after {failures} wrong "
                       "passwords. Reset your password to unlock it now."),
    "WRONG_PASSWORD": ("現在のパスワードが正しくありません。", "The current password is not correct."),
    "LINK_INVALID": ("このURLは無効か、すでに使用されています。",
                     "This link is not valid or has already been used."),
    "LINK_EXPIRED": ("このURLの有効期限（{hours}時間）が切れています。最初からやり直してください。",
                     "This link has expired (valid for {hours} hours). Please start again."),
    # the password rule (rules.py)
    "PASSWORD_LENGTH": ("パスワードは{min}～{max}文字で入力してください。",
                        "The password must be {min} to {max} characters long."),
    "PASSWORD_FORBIDDEN_CHARACTER": ("使用できる文字は英大文字、英小文字、数字、記号（{symbols}）です。",
                                     "Use only upper- and lower-case letters, digits and the "
                                     "symbols {symbols}."),
    "PASSWORD_CHARACTER_CLASSES": ("英大文字、英小文字、数字、記号（{symbols}）をそれぞれ1文字以上使用してください。",
                                   "Use at least one upper-case letter, one lower-case letter, "
                                   "one digit and one symbol from {symbols}."),
}
