"""What bulk filing answers: the file, its rows, filing them. code -> (ja, en).
See `residency_intake.wording`."""

MESSAGES: dict[str, tuple[str, str]] = {
    "BULK_NOT_SUPPORTED": ("一括申請できるのは在留資格認定証明書交付・在留資格変更・在留期間更新の申請です。",
                           "Bulk filing covers COE, CHG and EXT only."),
    "BULK_NOT_FOUND": ("保存された一括申請はありません。", "There is no saved bulk upload."),
    "BULK_ALREADY_FILED": ("この一括申請は申請済みです。", "This bulk upload has already been filed."),
    "BULK_ROW_NOT_FOUND": ("指定された行はありません。", "No such row."),
    "BULK_ROWS_NEED_CHECKING": ("「要確認」の行があります。全ての行を「正常」にしてから申請してください。",
                                "Some rows need checking; every row must be ok before filing."),
    "NEEDS_CHECKING": ("要確認", "Needs checking"),
    "UNKNOWN_COLUMN": ("テンプレートにない列です。", "Not a column of the template."),
    "EXTRA_CELLS": ("見出しのない列に値が入力されています。",
                    "The row has values beyond the last column."),
    # the file as a whole (parsing.py)
    "BULK_NOT_CSV_OR_XLSX": ("一括申請ファイル（CSV又はテンプレートから作成したExcel(.xlsx)）を選択してください。",
                             "Choose a bulk file: a CSV, or an .xlsx made from the template."),
    "BULK_EMPTY_FILE": ("ファイルに申請人の情報がありません。", "The file holds no applicant."),
    "BULK_FILE_TOO_LARGE": ("一括申請ファイルは{megabytes}MB以内にしてください。",
                            "A bulk file may be at most {megabytes} MB."),
    "BULK_WRONG_PROCEDURE": ("このファイルは別の手続き（{other}）の一括申請ファイルです。"
                             "{procedure}のテンプレートを使用してください。",
                             "This is the bulk file of another procedure ({other}); use the "
                             "{procedure} template."),
    "BULK_UNKNOWN_COLUMNS": ("テンプレートにない列又は重複した列があります：{columns}",
                             "Columns not in the template, or repeated: {columns}"),
    "BULK_MISSING_COLUMNS": ("テンプレートの列が足りません：{columns}",
                             "Columns of the template are missing: {columns}"),
    "BULK_XLSX_TOO_BIG": ("Excelファイルの中身が大きすぎます（展開すると上限を超えます）。"
                          "テンプレートから作成し直してください。",
                          "The .xlsx unpacks to more than a bulk file can hold; make it again "
                          "from the template."),
    "BULK_FILE_TOO_COMPLEX": ("ファイルを制限時間・メモリの範囲内で読み取れませんでした。"
                              "テンプレートから作成し直してください。",
                              "The file could not be read within the time and memory allowed; "
                              "make it again from the template."),
    "BULK_READING_UNAVAILABLE": ("現在ファイルを読み取れません。しばらくしてから再度お試しください。",
                                 "Files cannot be read right now; try again later."),
    "BULK_TOO_MANY_ROWS": ("1ファイルで申請できるのは{max_rows}人までです。",
                           "A bulk file may hold at most {max_rows} applicants."),
}

ROW = ("{n}行目：{message}", "Row {n}: {message}")
"""How a row's error is prefixed when a bulk filing stops at that row."""
