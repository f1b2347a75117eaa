"""coach's REST API: FastAPI routers under ``/api/v1``, each a thin handler over one service."""
