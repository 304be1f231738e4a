DDL = [
    """CREATE TABLE IF NOT EXISTS users (
        id uuid PRIMARY KEY, login_id text UNIQUE NOT NULL, email text NOT NULL,
        password_hash text NOT NULL, role text NOT NULL,
        organization_id uuid REFERENCES organizations(id),
        failed_logins int NOT NULL DEFAULT 0, locked_until timestamptz)""",
    "ALTER TABLE users ADD COLUMN IF NOT EXISTS bureau text",
    """CREATE TABLE IF NOT EXISTS sessions (
        token_hash text PRIMARY KEY, user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(), last_seen_at timestamptz NOT NULL)""",
]
