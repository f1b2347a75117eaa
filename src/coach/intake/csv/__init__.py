"""CSV exports of strength apps: Hevy and Strong."""
