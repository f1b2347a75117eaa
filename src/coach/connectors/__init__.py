"""Clients of outside services, shared by intake (reading) and export (writing)."""
