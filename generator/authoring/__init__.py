"""Authoring: ``kb new`` (scaffold), the JSON Schemas for editors and the field reference (``kb docs``)."""
