"""Garmin Connect, through the garminconnect library (docs/garmin.md). Its types stay in here."""
