"""Persistence: models, engine and sessions, migrations. Knows no domain rules."""
