"""Pure analysis over plain data: no database, no clock, no settings."""
