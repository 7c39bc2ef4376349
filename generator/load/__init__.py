"""Load: content files (walk, read, decode), YAML events with positions, the corpus (``corpus.load``)."""
