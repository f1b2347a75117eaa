"""Persistence: models, migrations, sessions and the repositories that hold every query."""
