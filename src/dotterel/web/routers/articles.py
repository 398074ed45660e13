"""``/v1/articles``: code and store articles (with the token), and read one back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi import Path as PathParam
from starlette.exceptions import HTTPException

from dotterel.inputs.sources import article_source
from dotterel.records import Article
from dotterel.store.database import content_hash
from dotterel.web.errors import WRITE_ERRORS, not_found
from dotterel.web.schemas import ArticleOut, IngestedArticle, IngestRequest, IngestResponse, spans
from dotterel.web.state import State, writer

router = APIRouter(tags=["store"])


@router.post(
    "/v1/articles",
    response_model=IngestResponse,
    responses=WRITE_ERRORS,
    dependencies=[Depends(writer)],
)
def add_articles(body: IngestRequest, state: State) -> IngestResponse:
    """Code articles and store them (needs the bearer token); stored texts are skipped."""
    articles = []
    for i, item in enumerate(body.articles):
        state.check(f"body.articles.{i}.text", item.text)
        published = item.published.isoformat() if item.published else None
        articles.append(Article(item.text, item.id, published, item.title, item.url))
    keys = [content_hash(a.text) for a in articles]
    store = state.store
    with state.store_lock:
        known = store.known(keys)
    fresh = {k: a for k, a in zip(keys, articles, strict=True) if k not in known}
    coded = state.coding.submit(state.code_texts, list(fresh.values())).result()
    batch = [
        (a, found, article_source(a, "api", body.source), "api")
        for a, found in zip(fresh.values(), coded, strict=True)
    ]
    with state.store_lock:
        stored = store.add(batch, state.version) if batch else 0
        groups = (store.regroup(store.group_window(), touched=list(fresh)) if stored
                  else store.counts()["groups"])
    counts = {k: len(found) for k, found in zip(fresh, coded, strict=True)}
    listed = [
        IngestedArticle(id=k, doc_id=a.doc_id, stored=k in counts, events=counts.get(k, 0))
        for k, a in zip(keys, articles, strict=True)
    ]
    return IngestResponse(
        stored=stored,
        skipped=len(articles) - len(fresh),
        events=sum(counts.values()),
        groups=groups,
        articles=listed,
    )


@router.get("/v1/articles/{article_id}", response_model=ArticleOut, responses=not_found("article"))
def article(
    article_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")], state: State
) -> ArticleOut:
    """A stored article (by its key, a SHA-256 of the text) with its events' spans."""
    with state.store_lock:
        found = state.store.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    stored, rows = found
    records = rows.to_events()
    a = stored.article
    return ArticleOut.model_validate(
        {
            "id": stored.hash,
            "doc_id": a.doc_id,
            "title": a.title,
            "url": a.url,
            "published": a.published,
            "source": stored.source,
            "text": a.text,
            "events": [e.to_dict() for e in records],
            "spans": spans(records),
        }
    )
