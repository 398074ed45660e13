"""The routes, one ``APIRouter`` per resource, in the order ``create_app`` includes them."""

from __future__ import annotations

from fastapi import APIRouter

from dotterel.web.routers import articles, code, events, meta, pages, stats

ROUTERS: tuple[APIRouter, ...] = (
    pages.router,
    meta.router,
    code.router,
    articles.router,
    events.router,
    stats.router,
)
