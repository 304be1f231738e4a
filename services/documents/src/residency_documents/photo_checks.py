"""Face-photo checks (SPEC §5): JPEG only, portrait 4:3, big enough, not a bomb, recent.

Only Pillow's JPEG parser is ever given the bytes (formats=("JPEG",)), so a PNG or WebP renamed
to .jpg never reaches another decoder. The image is decoded at 1/8 scale (libjpeg's DCT scaling)
so the whole entropy-coded stream is read, which is what detects truncation, while memory stays
a fraction of the full picture.
"""

from __future__ import annotations

import datetime as dt
import warnings
from io import BytesIO

from PIL import Image, ImageFile, UnidentifiedImageError
from residency_contracts.attachments import VerdictCode

MIN_WIDTH, MIN_HEIGHT = 300, 400
# 50 megapixels covers every phone camera's normal mode; past that it is refused as too large
# before any decoding. Pillow's own bomb check uses the same limit.
MAX_PIXELS = 50_000_000
ASPECT = 4 / 3  # height / width
ASPECT_TOLERANCE = 0.02
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# A truncated JPEG must fail to load (PHOTO_CORRUPT), never be padded with grey.
ImageFile.LOAD_TRUNCATED_IMAGES = False

_JPEG_MAGIC = b"\xff\xd8\xff"
_ORIENTATION, _DATETIME, _EXIF_IFD, _DATETIME_ORIGINAL = 0x0112, 0x0132, 0x8769, 0x9003


def check_photo(data: bytes, *, today: dt.date, max_age_months: int = 6) -> VerdictCode:
    """One verdict for a face-photo attachment."""
    if not data.startswith(_JPEG_MAGIC):
        return VerdictCode.PHOTO_NOT_JPEG
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            width, height, exif = _decode(data)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return VerdictCode.PHOTO_TOO_LARGE
        except _TooLarge:
            return VerdictCode.PHOTO_TOO_LARGE
        except Exception:  # noqa: BLE001 - any decoder failure means an unreadable JPEG
            return VerdictCode.PHOTO_CORRUPT
    if exif.get(_ORIENTATION) in (5, 6, 7, 8):  # rotated a quarter turn: swap the sides
        width, height = height, width
    if abs(height / width / ASPECT - 1) > ASPECT_TOLERANCE + 1e-9:  # ±2 % inclusive
        return VerdictCode.PHOTO_ASPECT
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return VerdictCode.PHOTO_TOO_SMALL
    taken = _capture_date(exif)
    # No (readable) EXIF date is accepted: many apps strip EXIF, and the examiner judges the
    # photo's age visually. A date in the future (a wrong camera clock) is accepted likewise.
    if taken is not None and taken < months_before(today, max_age_months):
        return VerdictCode.PHOTO_TOO_OLD
    return VerdictCode.OK


class _TooLarge(Exception):
    pass


def _decode(data: bytes) -> tuple[int, int, dict[int, object]]:
    """Width, height and EXIF tags of a fully decodable JPEG; raises otherwise."""
    with Image.open(BytesIO(data), formats=("JPEG",)) as img:
        width, height = img.size
        if width < 1 or height < 1:
            raise UnidentifiedImageError("no dimensions")
        if width * height > MAX_PIXELS:
            raise _TooLarge
        img.verify()
    with Image.open(BytesIO(data), formats=("JPEG",)) as img:
        exif = _exif(img)
        img.draft(img.mode, (max(1, width // 8), max(1, height // 8)))
        img.load()
    return width, height, exif


def _exif(img: Image.Image) -> dict[int, object]:
    """IFD0 and Exif-IFD tags, or nothing when the EXIF block itself is unreadable."""
    try:
        exif = img.getexif()
        tags: dict[int, object] = dict(exif)
        tags.update(exif.get_ifd(_EXIF_IFD))
    except Exception:  # noqa: BLE001 - broken EXIF is treated as no EXIF
        return {}
    return tags


def _capture_date(exif: dict[int, object]) -> dt.date | None:
    for tag in (_DATETIME_ORIGINAL, _DATETIME):
        value = exif.get(tag)
        if isinstance(value, bytes):
            value = value.decode("ascii", "replace")
        if isinstance(value, str):
            try:
                return dt.datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S").date()
            except ValueError:
                continue
    return None


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier, clamped to the month end (Aug 31 → Feb 28)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))
