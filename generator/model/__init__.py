"""The content model: one frozen dataclass per kind (``kinds``) and the field metadata helpers (``fields``)."""
