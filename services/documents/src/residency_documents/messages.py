"""The verdict a checked file gets, and what each code tells the person to do next (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass, field

from residency_contracts.attachments import VerdictCode

MESSAGES: dict[VerdictCode, tuple[str, str]] = {
    VerdictCode.OK: (
        "ファイルを確認しました。",
        "The file has been checked and can be attached.",
    ),
    VerdictCode.NOT_PDF: (
        "PDFファイルではありません。書類はPDF形式で保存し直して添付してください。",
        "This file is not a PDF. Save the document as a PDF and attach it again.",
    ),
    VerdictCode.PDF_ENCRYPTED: (
        "暗号化されたPDFは、パスワードなしで開けるものも含めて添付できません。"
        "パスワードや暗号化などのセキュリティ設定を「なし」にして保存し直し、添付してください。",
        "Encrypted PDFs cannot be attached, even ones that open without a password. "
        "Save a copy with no security (no password, no encryption) and attach it again.",
    ),
    VerdictCode.PDF_RESTRICTED: (
        "印刷やコピーが制限された（セキュリティ設定のある）PDFは添付できません。"
        "制限のない新しいPDFとして印刷・保存し直して添付してください。",
        "PDFs with security settings that restrict printing or copying cannot be attached. "
        "Print or save it to a new PDF without protection and attach it again.",
    ),
    VerdictCode.PDF_MALFORMED: (
        "PDFが破損していて修復できないか、読み取れないページまたは画像があります。"
        "元の書類からPDFを作成し直して添付してください。",
        "The PDF is damaged beyond repair, or a page or image in it cannot be read. "
        "Create the PDF again from the original document and attach it again.",
    ),
    VerdictCode.PHOTO_NOT_JPEG: (
        "顔写真はJPEG形式（.jpg/.jpeg）のみ添付できます。JPEG形式で保存し直して添付してください。",
        "The photo must be a JPEG (.jpg/.jpeg) file. Save it as a JPEG and attach it again.",
    ),
    VerdictCode.PHOTO_CORRUPT: (
        "写真ファイルが破損しているため読み取れません。撮影した元の写真を添付し直してください。",
        "The photo file is damaged and cannot be read. "
        "Attach the original photo from the camera again.",
    ),
    VerdictCode.PHOTO_ASPECT: (
        "写真は縦長で縦横比4:3（高さ4：幅3）にしてください。トリミングして添付し直してください。",
        "The photo must be portrait with a 4:3 ratio (height 4 : width 3). "
        "Crop it to that ratio and attach it again.",
    ),
    VerdictCode.PHOTO_TOO_SMALL: (
        "写真の画素数が足りません。幅300×高さ400ピクセル以上の写真を添付してください。",
        "The photo is too small. Save it at 300 × 400 pixels (width × height) or more "
        "and attach it again.",
    ),
    VerdictCode.PHOTO_TOO_LARGE: (
        "写真の画素数が大きすぎます。画像を縮小して保存し直してから添付してください。",
        "The photo has too many pixels. Resize it to a smaller image and attach it again.",
    ),
    VerdictCode.PHOTO_TOO_OLD: (
        "写真の撮影日が古すぎます。定められた期間内（通常は6か月以内）に撮影した写真を"
        "添付してください。",
        "The photo was taken too long ago. Attach a photo taken within the required period "
        "(usually the last 6 months).",
    ),
    VerdictCode.LIMIT_FILES: (
        "添付できるファイルの数を超えています。ファイルを減らしてから添付してください。",
        "Too many files are attached. Remove some files and try again.",
    ),
    VerdictCode.LIMIT_SIZE: (
        "添付ファイルの合計サイズが上限を超えています。"
        "ファイルを減らすか、解像度を下げて保存し直してから添付してください。",
        "The attached files are too large in total. "
        "Remove files or save them at a lower resolution and try again.",
    ),
    VerdictCode.CHECK_FAILED: (
        "ファイルを確認できませんでした。時間をおいてもう一度添付してください。",
        "The file could not be checked. Please wait a moment and attach it again.",
    ),
}


def message(code: VerdictCode) -> tuple[str, str]:
    """(Japanese, English) message for any verdict code."""
    return MESSAGES[code]


def too_old_message(months: int) -> tuple[str, str]:
    """PHOTO_TOO_OLD naming the organization's own limit (6 months, or e.g. 3)."""
    return (
        f"写真の撮影日が古すぎます。{months}か月以内に撮影した写真を添付してください。",
        f"The photo was taken too long ago. Attach a photo taken within the last {months} months.",
    )


@dataclass(frozen=True)
class Verdict:
    """Exactly one code per checked file, with what the person should do next."""

    code: VerdictCode
    message_ja: str
    message_en: str
    # An accepted PDF that needed repair: its lossless rewrite, stored instead of the upload.
    stored: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.code == VerdictCode.OK

    @classmethod
    def of(cls, code: VerdictCode) -> Verdict:
        ja, en = message(code)
        return cls(code, ja, en)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "code": self.code.value,
            "message_ja": self.message_ja,
            "message_en": self.message_en,
        }
