"""The nightly work at scale: procrastinate's queue on PostgreSQL, workers on any number of
machines sharing one database. A front end like the CLI and the API: thin over the services
(import-linter keeps it from the database layer).

- ``due_check`` (every 15 minutes): defers one ``nightly_sync(athlete, day)`` per athlete whose
  evening has come where they live, one reminder per planned session coming up; another
  periodic task puts the jobs of a worker that died back in the queue.
- ``nightly_sync``: that athlete's linked sources, then defers ``nightly_review(athlete, day)``,
  which reviews (the database only) and defers its notification and the plan's export. One job
  at a time per athlete (``lock``), one queued per athlete and day and step (``queueing_lock``).
- ``nightly_sync``, ``export_plan``, ``send_notice``, ``send_reminder``: tried again with
  back-off on a 429 or 5xx (COACH_JOB_ATTEMPTS, COACH_JOB_BACKOFF_S).
"""
