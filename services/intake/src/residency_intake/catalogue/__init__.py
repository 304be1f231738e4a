"""The procedure catalogue: reception periods, keyword search with synonyms, favorites."""
