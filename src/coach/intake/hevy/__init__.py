"""Hevy: our own httpx client, the workout sync and the exercise-template catalogue."""
