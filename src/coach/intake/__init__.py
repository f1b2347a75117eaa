"""Intake: read what the athlete did from files and services, archive it raw, store it once."""
