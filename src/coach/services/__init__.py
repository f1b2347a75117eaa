"""The application layer every front end calls (CLI, API, web, jobs).

A service takes ids and an access :class:`~coach.services.context.Scope`, owns its transaction
and returns the pydantic schemas of :mod:`coach.services.schemas`. Front ends never import
``coach.db``: all they know of storage is what a service returns.
"""
