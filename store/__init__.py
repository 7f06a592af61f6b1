"""Persistence: typed models, sessions, migrations and read-side queries."""
