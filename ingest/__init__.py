"""School uploads: templates, safe reading, validation with cell-level Chinese messages, storage."""
