"""The nightly work at scale: procrastinate's queue on PostgreSQL, workers on any number of
machines sharing one database. A front end like the CLI and the API: thin over the services
(import-linter keeps it from the database layer).

- ``due_check`` (every 15 minutes): defers one ``nightly_review(athlete, day)`` per athlete whose
  evening has come where they live, one reminder per planned session coming up, and puts the
  jobs of a worker that died back in the queue.
- ``nightly_review``: that athlete's syncs, then the review; defers its notification and the
  export of the plan. One at a time per athlete (``lock``), one queued per athlete and day
  (``queueing_lock``).
- ``export_plan``, ``send_notice``, ``send_reminder``: each its own job, tried again with
  back-off on a 429 or 5xx (COACH_JOB_ATTEMPTS, COACH_JOB_BACKOFF_S).
"""
