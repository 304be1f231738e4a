DDL = [
    """CREATE TABLE IF NOT EXISTS organizations (
        id uuid PRIMARY KEY, name text NOT NULL, bureau text NOT NULL,
        max_photo_age_months int NOT NULL DEFAULT 6)""",
]
