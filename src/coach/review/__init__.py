"""Orchestration: gather facts from storage, run the pure analyses, keep the results."""
