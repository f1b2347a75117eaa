"""coach: a local-first training coach."""

__version__ = "0.1.0"
