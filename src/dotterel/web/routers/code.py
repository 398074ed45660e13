"""``POST /v1/code``: code one text on the coding thread; nothing is stored."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter

from dotterel.records import Article, Event
from dotterel.web.errors import BODY_ERRORS
from dotterel.web.schemas import CodeRequest, CodeResponse, spans
from dotterel.web.state import State

router = APIRouter(tags=["code"])


@router.post("/v1/code", response_model=CodeResponse, responses=BODY_ERRORS)
async def code(body: CodeRequest, state: State) -> CodeResponse:
    """Code one article's text into events; nothing is stored."""
    published = body.published.isoformat() if body.published else None
    article = Article(text=body.text, id=body.id, published=published)

    def work() -> list[Event]:
        state.check("body.text", body.text)
        return state.code_texts([article])[0]

    found = await asyncio.wrap_future(state.coding.submit(work))
    records = [e.to_dict() for e in found]
    return CodeResponse.model_validate(
        {"doc_id": article.doc_id, "events": records, "spans": spans(found)}
    )
