"""Charts of the stored events: a timeline by quad class and a dyad network (PNG or SVG)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from dotterel.store.database import EventFilter, Store

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
QUAD_COLOURS = {1: "#4daf4a", 2: "#1b7837", 3: "#ff7f00", 4: "#e41a1c"}
SUFFIXES = (".png", ".svg")


def _figure(width: float = 9.0, height: float = 4.5) -> tuple[Any, Any]:
    """A new matplotlib figure on the file-only backend (no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def _save(fig: Any, output: str | Path) -> Path:
    """Save as PNG or SVG by the file's suffix, and close the figure."""
    import matplotlib.pyplot as plt

    path = Path(output)
    if path.suffix.lower() not in SUFFIXES:
        plt.close(fig)
        raise ValueError(f"{path}: the chart file must end in .png or .svg")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_timeline(
    store: Store, output: str | Path, by: str = "week", filter: EventFilter | None = None
) -> Path:
    """Grouped events per period, one line per quad class, written to ``output``."""
    rows = list(store.timeline(by, filter))
    fig, ax = _figure()
    for quad, name in QUAD_NAMES.items():
        points = [(r["period"], r["events"]) for r in rows if r["quad_class"] == quad]
        if points:
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, marker="o", markersize=3, label=name, color=QUAD_COLOURS[quad])
    title = "events per " + by
    if filter and (filter.actor or filter.recipient):
        title += f": {filter.actor or 'any'} → {filter.recipient or 'any'}"
    ax.set_title(title)
    ax.set_ylabel("events")
    if rows:
        ax.legend(frameon=False)
    else:
        ax.text(0.5, 0.5, "no events", ha="center", va="center", transform=ax.transAxes)
    fig.autofmt_xdate()
    return _save(fig, output)


def plot_network(
    store: Store, output: str | Path, top: int = 40, filter: EventFilter | None = None
) -> Path:
    """The busiest actor-recipient pairs as a directed graph, edges by event count."""
    import networkx as nx

    rows = list(store.dyads(top, filter))
    graph = nx.DiGraph()
    for r in rows:
        graph.add_edge(r["actor"], r["recipient"], weight=r["events"], goldstein=r["goldstein"])
    fig, ax = _figure(8.0, 8.0)
    ax.set_axis_off()
    if not rows:
        ax.text(0.5, 0.5, "no dyads", ha="center", va="center", transform=ax.transAxes)
        return _save(fig, output)
    # A fixed seed: the same store always draws the same picture.
    pos = nx.spring_layout(graph, seed=7, k=1.5 / math.sqrt(max(len(graph), 1)))
    most = max(r["events"] for r in rows)
    widths = [0.5 + 4.5 * d["weight"] / most for _, _, d in graph.edges(data=True)]
    colours = [
        "#e41a1c" if (d["goldstein"] or 0) < 0 else "#1b7837" for _, _, d in graph.edges(data=True)
    ]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=500, node_color="#dddddd")
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=8)
    nx.draw_networkx_edges(
        graph,
        pos,
        ax=ax,
        width=widths,
        edge_color=colours,
        arrows=True,
        arrowsize=12,
        connectionstyle="arc3,rad=0.1",
    )
    ax.set_title(f"top {len(rows)} dyads (red: conflict, green: cooperation)")
    return _save(fig, output)
