"""What `POST /cesr/verify` answers: code -> (ja, en). See `residency_intake.wording`."""

MESSAGES: dict[str, tuple[str, str]] = {
    "CESR_NUMBER_REQUIRED": ("在留資格認定証明書番号を入力してください。", "Enter the CESR number."),
    "UNSUPPORTED_MEDIA_TYPE": ("PDF（multipart の file）または JSON で送信してください。",
                               "Send the PDF as multipart field `file`, or JSON {{cesr_number}}."),
    "VERIFICATION_UNAVAILABLE": ("現在PDFの検証はできません。",
                                 "PDF verification is not available right now."),
    "FILE_REQUIRED": ("PDFファイルを添付してください。", "Attach the PDF."),
}
