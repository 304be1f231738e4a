DDL = [
    """CREATE TABLE IF NOT EXISTS users (
        id uuid PRIMARY KEY, login_id text UNIQUE NOT NULL, email text NOT NULL,
        password_hash text NOT NULL, role text NOT NULL,
        organization_id uuid REFERENCES organizations(id),
        failed_logins int NOT NULL DEFAULT 0, locked_until timestamptz)""",
    "ALTER TABLE users ADD COLUMN IF NOT EXISTS bureau text",
    "ALTER TABLE users ADD COLUMN IF NOT EXISTS latin_name text",
    "ALTER TABLE users ADD COLUMN IF NOT EXISTS phone text",
    "ALTER TABLE users ADD COLUMN IF NOT EXISTS registered_at timestamptz",
    "CREATE INDEX IF NOT EXISTS users_by_email ON users (lower(email))",
    """CREATE TABLE IF NOT EXISTS sessions (
        token_hash text PRIMARY KEY, user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(), last_seen_at timestamptz NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id)",
    # Emailed one-time links: only the token's hash is stored, with its purpose and expiry.
    """CREATE TABLE IF NOT EXISTS account_links (
        token_hash text PRIMARY KEY, purpose text NOT NULL, email text NOT NULL,
        user_id uuid REFERENCES users(id), created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL, used_at timestamptz)""",
]
