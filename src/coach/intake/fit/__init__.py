"""FIT activity files: decode (fitfast, falling back to garmin-fit-sdk), extract, import.

Vendor types never leave this package: everything after decode.py is plain dicts and domain types.
"""
