"""The HTTP API and dashboard: a FastAPI application over one loaded coder and one store.

``app.create_app`` builds the ``state.WebState`` (the coder and its one coding thread, the
store and its lock), the application, its middleware and error handlers (``errors``), and
includes one ``APIRouter`` per resource from ``routers/``: ``pages`` (the dashboard, its
files, ``/docs``), ``meta`` (``/healthz``), ``code``, ``articles``, ``events`` and ``stats``.
Handlers get the state through the ``state.get_state`` dependency and writes are guarded by
``state.writer`` (the bearer token); shared query parameters and the event filter live in
``params``, request and response bodies in ``schemas``, the page's files in ``static/``.
Needs the ``web`` extra (fastapi, uvicorn), so nothing outside ``web`` and ``cli.serve``
imports it.
"""
