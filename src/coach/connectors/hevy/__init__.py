"""Hevy's public API: our own httpx client, its tolerant schemas, the exercise catalogue."""
