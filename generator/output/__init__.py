"""Output: writing build/docs (``docs``), the site settings (``site``), the site engines
(``engines``), build-info.json (``buildinfo``) and the atomic swap of site/ (``atomic``)."""
