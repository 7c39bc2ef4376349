"""The content model: one frozen dataclass per kind (``kinds``), the table of kinds (``kindspec``) and the field
metadata helpers (``fields``)."""
