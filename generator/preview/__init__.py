"""Preview: ``kb serve`` (ProperDocs' live server) and its hook that regenerates the preview's docs on each rebuild."""
