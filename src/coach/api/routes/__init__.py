"""The API's routers, one per resource; every path is under /api/v1."""
