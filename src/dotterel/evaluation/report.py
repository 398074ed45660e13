"""A self-contained HTML report of evaluation figures (inline CSS, no scripts, no links)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right}
th{background:#f3f3f3}
td.l,th.l{text-align:left}
.note{color:#555;font-style:italic}
"""
HEADLINE_KEYS = (
    "n", "gold_events", "produced_events", "matched", "skipped", "items", "items_without_gold",
    "accuracy", "macro_f1", "micro_f1", "quad_accuracy",
    "dyad_recall", "dyad_precision", "dyad_type_recall",
)  # fmt: skip


def _cell(value: Any, cls: str = "", style: str = "", tag: str = "td") -> str:
    """One escaped table cell."""
    attrs = (f' class="{cls}"' if cls else "") + (f' style="{style}"' if style else "")
    text = f"{value:.4f}" if isinstance(value, float) else str(value)
    return f"<{tag}{attrs}>{escape(text)}</{tag}>"


def _heat(count: int, top: int, diagonal: bool) -> str:
    """Background colour of a confusion cell: green on the diagonal, red off it."""
    if not count or not top:
        return ""
    alpha = 0.15 + 0.85 * count / top
    rgb = "46,160,67" if diagonal else "214,39,40"
    return f"background:rgba({rgb},{alpha:.2f})"


def headline_table(figs: dict[str, Any]) -> str:
    """The scalar figures of one task."""
    rows = [f"<tr>{_cell(k, 'l', tag='th')}{_cell(figs[k])}</tr>" for k in HEADLINE_KEYS
            if k in figs]  # fmt: skip
    for key, val in figs.items():
        if key.endswith("_accuracy") and isinstance(val, dict):
            text = f"{val['accuracy']:.4f} (n={val['n']})"
            rows.append(f"<tr>{_cell(key, 'l', tag='th')}{_cell(text)}</tr>")
    return "<table>" + "".join(rows) + "</table>"


def per_type_table(per_type: dict[str, dict[str, Any]]) -> str:
    """Precision, recall, F1, support and predictions per type."""
    cols = ("precision", "recall", "f1", "support", "predicted")
    head = "<tr>" + _cell("type", "l", tag="th") + "".join(_cell(c, tag="th") for c in cols)
    body = [
        "<tr>" + _cell(label, "l") + "".join(_cell(row.get(c, "")) for c in cols) + "</tr>"
        for label, row in per_type.items()
    ]
    return "<table>" + head + "</tr>" + "".join(body) + "</table>"


def confusion_table(confusion: dict[str, dict[str, int]]) -> str:
    """The confusion matrix as a heat map: rows gold, columns predicted."""
    preds = sorted({p for row in confusion.values() for p in row} | set(confusion))
    top = max((c for row in confusion.values() for c in row.values()), default=0)
    head = "<tr>" + _cell("gold \\ predicted", "l", tag="th")
    head += "".join(_cell(p, tag="th") for p in preds) + "</tr>"
    body = []
    for gold, row in confusion.items():
        cells = "".join(
            _cell(row.get(p, 0) or "", style=_heat(row.get(p, 0), top, p == gold)) for p in preds
        )
        body.append("<tr>" + _cell(gold, "l", tag="th") + cells + "</tr>")
    return "<table>" + head + "".join(body) + "</table>"


def task_section(task: str, figs: dict[str, Any]) -> str:
    """All tables of one task."""
    parts = [f"<h2>{escape(task)}</h2>", headline_table(figs)]
    if figs.get("per_type"):
        parts += ["<h3>Per type</h3>", per_type_table(figs["per_type"])]
    if figs.get("confusion"):
        parts += ["<h3>Confusion matrix</h3>", confusion_table(figs["confusion"])]
    return "\n".join(parts)


def render_report(result: dict[str, Any], notes: Sequence[str] = ()) -> str:
    """The whole report: ``result`` is ``Evaluation.to_json()`` (one task or several)."""
    tasks = {k: v for k, v in result.items() if isinstance(v, dict) and "per_type" in v}
    if not tasks:
        tasks = {str(result.get("task", "evaluation")): result}
    meta = "".join(
        f"<tr>{_cell(k, 'l', tag='th')}{_cell(result[k], 'l')}</tr>"
        for k in ("gold", "format", "sha256")
        if k in result
    )
    body = [f"<h1>dotterel evaluation</h1><table>{meta}</table>"]
    body += [f'<p class="note">{escape(n)}</p>' for n in notes]
    body += [task_section(t, f) for t, f in tasks.items()]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>dotterel evaluation</title><style>{CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
