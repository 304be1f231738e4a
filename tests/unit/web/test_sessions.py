"""Server-side sessions: the cookie is a signed random id, forged or idle ones are refused,
login rotates the id, and the store stays bounded."""

from residency_web.sessions import SessionStore, csrf_ok


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_cookie_names_its_session_until_it_idles_out() -> None:
    clock = Clock()
    store = SessionStore("secret", idle_seconds=60, clock=clock)
    session = store.new()
    cookie = store.cookie_value(session)
    assert session.id in cookie  # the id, signed; nothing else is in the cookie
    clock.now += 59
    assert store.from_cookie(cookie) is session
    clock.now += 61
    assert store.from_cookie(cookie) is None


def test_a_forged_or_unknown_cookie_is_no_session() -> None:
    store = SessionStore("secret", idle_seconds=60)
    session = store.new()
    other = SessionStore("another secret", idle_seconds=60)
    assert store.from_cookie(other.cookie_value(other.new())) is None
    assert store.from_cookie(session.id) is None  # unsigned
    assert store.from_cookie("") is None and store.from_cookie(None) is None


def test_rotation_gives_a_new_id_and_csrf_token_and_forgets_the_old_id() -> None:
    store = SessionStore("secret", idle_seconds=60)
    old = store.new()
    old.token, old.data["lang"] = "api-token", "en"
    old_cookie = store.cookie_value(old)
    new = store.rotate(old)
    assert new.id != old.id and new.csrf != old.csrf
    assert new.token == "api-token" and new.data == {"lang": "en"}
    assert store.from_cookie(old_cookie) is None


def test_the_store_keeps_at_most_its_limit_dropping_the_oldest() -> None:
    store = SessionStore("secret", idle_seconds=60, limit=3)
    first = store.new()
    for _ in range(3):
        store.new()
    assert len(store) == 3
    assert store.from_cookie(store.cookie_value(first)) is None


def test_csrf_token_must_equal_the_sessions() -> None:
    session = SessionStore("secret", idle_seconds=60).new()
    assert csrf_ok(session, session.csrf)
    assert not csrf_ok(session, "wrong") and not csrf_ok(session, None) and not csrf_ok(session, "")
