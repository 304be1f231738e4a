"""Every text exists in both languages; Japanese unless English was chosen."""

from residency_web.messages import MESSAGES, STATUS_LABELS, choose_language, status_label, translate


def test_every_message_has_japanese_and_english() -> None:
    for key, (ja, en) in MESSAGES.items():
        assert ja.strip() and en.strip(), key


def test_the_language_is_japanese_unless_english_was_chosen() -> None:
    assert choose_language(None) == "ja" and choose_language("fr") == "ja"
    assert choose_language("en") == "en"
    assert translate("login", "en") == "Log in" and translate("login", "ja") == "ログイン"


def test_status_labels_follow_the_spec() -> None:
    assert status_label("ready", "ja") == "発行待ち" and status_label(None, "en") == "Draft"
    assert set(STATUS_LABELS) == {"pending", "filed", "examining", "returned", "ready",
                                  "completed", "denied"}


def test_the_filing_pages_use_the_manuals_words() -> None:
    assert status_label("pending", "ja") == "処理待ち"  # SPEC §6, manual §7.3
    assert translate("provisional_receipt_number", "ja") == "受付仮番号"
    assert translate("receipt_number", "ja") == "申請受付番号"
    assert translate("to_confirm", "ja") == "確認へ進む"
    assert translate("confirm_application_title", "ja") == "申込確認"
    assert translate("file_button", "ja") == "申込む"
    assert translate("filed_title", "ja") == "申込完了"
    assert translate("back", "ja") == "入力へ戻る"


def test_every_procedure_has_a_name_in_both_languages() -> None:
    for code in ("EXT", "CHG", "ACQ", "WRK", "COE", "REE", "ACT", "USE", "RPT"):
        assert f"proc_{code}" in MESSAGES, code


def test_buttons_and_lists_use_the_manuals_words_in_both_languages() -> None:
    manual = {"synonyms": "類義語検索を行う", "add_favorite": "お気に入り登録",
              "remove_favorite": "お気に入り登録済", "sort": "並び替え", "per_page": "表示数変更",
              "load_draft": "保存データの読み込み", "print": "申込内容印刷",
              "correct_button": "修正する", "complete_button": "完了する",
              "first_page": "最初へ", "previous": "前へ", "next": "次へ", "last_page": "最後へ",
              "register": "新規登録", "agree": "同意する", "register_to_confirm": "確認へ進む",
              "register_button": "登録する", "logout_confirm_title": "利用者ログアウト確認",
              "logout_button": "ログアウトする", "email_confirm": "メールアドレス（確認用）"}
    for key, ja in manual.items():
        assert translate(key, "ja") == ja, key
        assert translate(key, "en") not in (ja, key), key
