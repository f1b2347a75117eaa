"""The web dashboard: server-rendered pages (Jinja2 + htmx) over the services, served by
`coach serve` beside the API."""
