"""Render: Markdown pages from the knowledge base (``pages.render``), the recurring blocks, QR codes, templates/."""
