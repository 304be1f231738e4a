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
