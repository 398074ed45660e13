"""The HTTP API and dashboard: a FastAPI application over one loaded coder and one store.

``app.create_app`` builds the application; one router per resource lives in ``routers/``;
request and response bodies in ``schemas``; the page's files in ``static/``. Needs the
``web`` extra (fastapi, uvicorn), so nothing outside ``web`` and ``cli.serve`` imports it.
"""
