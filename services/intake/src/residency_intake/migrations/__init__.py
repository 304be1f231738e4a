"""intake's schema history (Alembic; run by residency_messaging.migrations).

`reference_data()` runs after every upgrade: the shipped procedure catalogue, inserted where a
code is missing (rows an operator edited are kept) — data that follows the code, not a
revision."""


def reference_data() -> list[str]:
    from ..catalogue.seed import seed

    return [seed()]
