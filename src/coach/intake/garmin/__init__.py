"""Garmin Connect, through the garminconnect library (docs/connectors.md (Garmin)). Its types stay
in here."""
