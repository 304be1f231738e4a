DDL: list[str] = []
