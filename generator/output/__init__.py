"""Output: writing build/docs (``docs``), the mkdocs configuration and build (``site``), the atomic swap of site/ (``atomic``)."""
