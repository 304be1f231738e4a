"""The shipped catalogue (SPEC §3; manual 004 §4.1): one entry per procedure code.

Seeded into `procedures` after every migration (seed.py); an operator may edit the rows later.
Reception starts are the manual's 受付開始 (Japan time); every end is 随時 (open-ended)."""

from typing import Any

from residency_contracts import PROCEDURE_NAMES, Procedure

EVERYONE = ["organization_staff", "foreign_national", "legal_representative", "relative",
            "lawyer_or_scrivener"]
STAFF_ONLY = ["organization_staff"]
MAIN = ["CHG", "EXT", "ACQ"]
CONTACT = {"name_ja": "外国人在留総合インフォメーションセンター",
           "name_en": "Immigration Services Center", "phone": "0570-013904"}

F_PHOTO = {"name": "photo-requirements.txt", "title_ja": "顔写真の要件",
           "title_en": "Face photo requirements"}
F_SCOPE = {"name": "eligible-statuses.txt", "title_ja": "利用可能な申請種別及び在留資格（対象範囲）",
           "title_en": "Procedures and statuses of residence covered"}
F_BULK = {"name": "bulk-filing-guide.txt", "title_ja": "一括申請の手引き",
          "title_en": "Guide to bulk filing"}
F_ORG = {"name": "organization-checklist.txt", "title_ja": "所属機関等の提出書類チェックリスト",
         "title_en": "Checklist for organizations"}

# code: (kana reading, description ja, description en, standalone, bulk, filers,
#        filed with, reception start (JST), files)
_ENTRIES: dict[Procedure, tuple[Any, ...]] = {
    Procedure.COE: (
        "ざいりゅうしかくにんていしょうめいしょこうふしんせい",
        "日本に入国しようとする外国人の在留資格該当性を事前に審査する手続きです。結果は電子メールによる電子交付又は郵送で受け取ります。",
        "Examines in advance whether a foreign national coming to Japan qualifies for a status "
        "of residence. The result is issued electronically by email, or sent by post.",
        True, True, EVERYONE, [], "2025-10-20T00:00:00+09:00", [F_SCOPE, F_PHOTO, F_BULK]),
    Procedure.ACQ: (
        "ざいりゅうしかくしゅとくきょかしんせい",
        "日本で出生した方や日本国籍を離脱した方などが、事由が生じた日から60日以内に在留資格を取得するための手続きです。",
        "For people born in Japan or who lost Japanese nationality, who must obtain a status of "
        "residence within 60 days of the event.",
        True, False, EVERYONE, [], "2025-10-15T00:00:00+09:00", [F_SCOPE, F_PHOTO]),
    Procedure.CHG: (
        "ざいりゅうしかくへんこうきょかしんせい",
        "在留目的を変更して別の在留資格に該当する活動を行おうとする場合の手続きです。",
        "For a foreign national who wants to take up activities of a different status of "
        "residence.",
        True, True, EVERYONE, [], "2025-10-15T00:00:00+09:00", [F_SCOPE, F_PHOTO, F_BULK]),
    Procedure.EXT: (
        "ざいりゅうきかんこうしんきょかしんせい",
        "現に有する在留資格のまま、在留期間を超えて引き続き在留を希望する場合の手続きです。在留期間の満了日当日はオンラインで申請できません。",
        "For a foreign national who wants to stay beyond the current period with the same "
        "status. Not possible online on the expiry date itself.",
        True, True, EVERYONE, [], "2025-10-08T00:00:00+09:00", [F_SCOPE, F_PHOTO, F_BULK]),
    Procedure.WRK: (
        "しゅうろうしかくしょうめいしょこうふしんせい",
        "行うことができる就労活動を証明する文書の交付を受ける手続きです。変更・更新・取得の申請と同時に申請することもできます。",
        "Issues a document stating which paid activities the holder may engage in. May also "
        "be filed together with a change, extension or acquisition.",
        True, False, EVERYONE, MAIN, "2025-09-30T00:00:00+09:00", [F_SCOPE]),
    Procedure.REE: (
        "さいにゅうこくきょかしんせい",
        "出国後に同じ在留資格で再び入国するための許可です。変更・更新・取得の申請と同時にのみ申請でき、在留カードは窓口で受け取ります。",
        "Permission to leave and come back with the same status. Only together with a change, "
        "extension or acquisition; the residence card is then collected at the counter.",
        False, True, EVERYONE, MAIN, "2025-08-18T09:30:00+09:00", [F_SCOPE]),
    Procedure.ACT: (
        "しかくがいかつどうきょかしんせい",
        "現に有する在留資格に属しない収入を伴う活動（アルバイト等）を行うための許可です。変更・更新・取得の申請と同時にのみ申請できます。",
        "Permission for paid activities outside the current status, such as a side job. Only "
        "together with a change, extension or acquisition.",
        False, True, EVERYONE, MAIN, "2025-08-18T09:30:00+09:00", [F_SCOPE]),
    Procedure.RCV: (
        "じゅりょうほうほうへんこうもうしで",
        "申請後に在留カード等の受取方法を変更する手続きです。処理状況が処理待ち・申請完了・審査中の間のみ変更できます。",
        "Changes how the residence card or certificate is received after filing; possible "
        "only while the application is pending, filed or under examination.",
        True, False, EVERYONE, [], "2025-08-18T09:30:00+09:00", []),
    Procedure.USE: (
        "りようもうしで",
        "所属機関等が在留申請オンラインシステムで申請を行うための利用の申出です。承認後に申請できます。",
        "The request by an organization to use the online system; it may file applications "
        "once the request is approved.",
        True, False, STAFF_ONLY, [], "2025-08-18T09:30:00+09:00", [F_ORG]),
    Procedure.RPT: (
        "ていきほうこく",
        "利用の承認を受けた所属機関等が、引き続き利用するために行う報告です。",
        "The report an approved organization files to keep using the online system.",
        True, False, STAFF_ONLY, [], "2025-08-18T09:30:00+09:00", [F_ORG]),
}


def entries() -> list[dict[str, Any]]:
    """The seed rows, as plain JSON-able dicts."""
    rows = []
    for code, (kana, ja, en, alone, bulk, filers, with_, start, files) in _ENTRIES.items():
        name_ja, name_en = PROCEDURE_NAMES[code]
        rows.append({
            "code": code.value, "name_ja": name_ja, "name_en": name_en, "name_kana": kana,
            "description_ja": ja, "description_en": en, "contact": CONTACT,
            "standalone": alone, "bulk": bulk, "filers": filers, "filed_with": with_,
            "reception_start": start, "reception_end": None, "files": files})
    return rows
