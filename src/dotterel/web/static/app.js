// The dotterel dashboard: charts, event table, article view and live coding over the JSON API.
// Text from the server is only ever put in the page with textContent (never innerHTML).
"use strict";

const QUADS = {
  1: ["verbal cooperation", "#2e7d32"],
  2: ["material cooperation", "#7cb342"],
  3: ["verbal conflict", "#ef6c00"],
  4: ["material conflict", "#c62828"],
};
const PAGE = 25;
const state = { filters: {}, offset: 0, total: 0 };

function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.text !== undefined && options.text !== null) node.textContent = String(options.text);
  if (options.className) node.className = options.className;
  if (options.title) node.title = options.title;
  for (const child of children) node.append(child);
  return node;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, value);
  }
  const text = search.toString();
  return text ? "?" + text : "";
}

async function api(url, options) {
  const response = await fetch(url, options);
  let body;
  try {
    body = await response.json();
  } catch (error) {
    body = { error: response.statusText };
  }
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function chartFilters() {
  const { country, ...rest } = state.filters;
  return rest;
}

function showEmpty(node, message) {
  if (window.Plotly) Plotly.purge(node);
  node.replaceChildren(el("div", { className: "empty", text: message }));
}

async function loadTimeline() {
  const node = document.getElementById("timeline");
  const data = await api("/v1/stats/timeline" + query({ by: "week", ...chartFilters() }));
  if (!data.rows.length) return showEmpty(node, "No dated events match.");
  const traces = Object.entries(QUADS).map(([quad, [name, color]]) => {
    const rows = data.rows.filter((r) => String(r.quad_class) === quad);
    return {
      x: rows.map((r) => r.period), y: rows.map((r) => r.events), name, type: "bar",
      marker: { color }, hovertemplate: "week of %{x}<br>%{y} events<extra>" + name + "</extra>",
    };
  }).filter((t) => t.x.length);
  node.replaceChildren();
  Plotly.newPlot(node, traces, {
    barmode: "stack", margin: { l: 40, r: 10, t: 10, b: 40 }, legend: { orientation: "h", y: -0.2 },
    yaxis: { title: { text: "events" }, rangemode: "tozero" }, xaxis: { type: "date" },
  }, { displaylogo: false, responsive: true });
}

async function loadNetwork() {
  const node = document.getElementById("network");
  const data = await api("/v1/stats/dyads" + query({ top: 15, ...chartFilters() }));
  if (!data.rows.length) return showEmpty(node, "No dyads match.");
  const codes = [...new Set(data.rows.flatMap((r) => [r.actor, r.recipient]))];
  const at = {};
  codes.forEach((code, i) => {
    const angle = (2 * Math.PI * i) / codes.length;
    at[code] = [Math.cos(angle), Math.sin(angle)];
  });
  const most = Math.max(...data.rows.map((r) => r.events));
  const arrows = data.rows.map((r) => ({
    x: at[r.recipient][0], y: at[r.recipient][1], ax: at[r.actor][0], ay: at[r.actor][1],
    xref: "x", yref: "y", axref: "x", ayref: "y", showarrow: true, arrowhead: 2,
    arrowwidth: 1 + (4 * r.events) / most, standoff: 9, startstandoff: 9, text: "",
    arrowcolor: r.goldstein === null ? "#999" : r.goldstein < 0 ? "#c62828" : "#2e7d32",
    hovertext: `${r.actor} → ${r.recipient}: ${r.events} events, ${r.mentions} mentions, ` +
      `Goldstein ${r.goldstein}`,
  }));
  const degree = (code) => data.rows.filter((r) => r.actor === code || r.recipient === code).length;
  node.replaceChildren();
  Plotly.newPlot(node, [{
    x: codes.map((c) => at[c][0]), y: codes.map((c) => at[c][1]), text: codes,
    mode: "markers+text", type: "scatter", textposition: "top center", hoverinfo: "text",
    marker: { size: codes.map((c) => 8 + 2 * degree(c)), color: "#17324f" },
  }], {
    annotations: arrows, showlegend: false, margin: { l: 10, r: 10, t: 10, b: 10 },
    xaxis: { visible: false, range: [-1.3, 1.3] }, yaxis: { visible: false, range: [-1.3, 1.3] },
  }, { displaylogo: false, responsive: true });
}

function party(actor) {
  if (!actor) return "—";
  return actor.code || actor.text;
}

async function loadEvents() {
  const params = { ...state.filters, limit: PAGE, offset: state.offset };
  const page = await api("/v1/events" + query(params));
  state.total = page.total;
  const body = document.querySelector("#events tbody");
  body.replaceChildren(...page.items.map((item) => {
    const e = item.event;
    const row = el("tr", {}, [
      el("td", { text: e.date || item.published || "" }),
      el("td", { text: e.event_type, title: e.mode ? "mode: " + e.mode : "" }),
      el("td", { text: party(e.actor), title: e.actor.name }),
      el("td", { text: party(e.recipient), title: e.recipient ? e.recipient.name : "" }),
      el("td", { text: e.trigger.text }),
      el("td", { text: e.cameo }),
      el("td", { text: e.goldstein, className: "num" }),
      el("td", { text: e.doc_id, title: item.source || "" }),
      el("td", { text: item.num_mentions ?? "", className: "num" }),
    ]);
    row.dataset.event = e.event_id;
    row.addEventListener("click", () => {
      body.querySelectorAll("tr.selected").forEach((r) => r.classList.remove("selected"));
      row.classList.add("selected");
      openArticle(item.article_id, e.event_id).catch(showError);
    });
    return row;
  }));
  if (!page.items.length) {
    body.append(el("tr", {}, [Object.assign(el("td", { text: "No events match." }), { colSpan: 9 })]));
  }
  const first = page.total ? state.offset + 1 : 0;
  document.getElementById("page-info").textContent =
    `${first}–${state.offset + page.items.length} of ${page.total}`;
  document.getElementById("prev").disabled = state.offset === 0;
  document.getElementById("next").disabled = state.offset + PAGE >= page.total;
}

function describe(e) {
  const who = party(e.actor) + (e.recipient ? " → " + party(e.recipient) : "");
  return `${e.event_type} ${who}: “${e.trigger.text}” (sentence ${e.sentence + 1}` +
    (e.date ? ", " + e.date : "") + ")";
}

// The text with the chosen event's actor, trigger and recipient as <mark>s, codes on hover.
function renderText(container, text, spans, eventId) {
  const chosen = spans.filter((s) => s.event_id === eventId).sort((a, b) => a.start - b.start);
  const nodes = [];
  let at = 0;
  for (const span of chosen) {
    if (span.start < at || span.end > text.length) continue;
    nodes.push(document.createTextNode(text.slice(at, span.start)));
    const mark = el("mark", {
      className: span.role, text: text.slice(span.start, span.end),
      title: `${span.role}: ${span.code || "(no code)"} — ${span.label}`,
    });
    mark.dataset.code = span.code;
    mark.dataset.role = span.role;
    nodes.push(mark);
    at = span.end;
  }
  nodes.push(document.createTextNode(text.slice(at)));
  container.replaceChildren(...nodes);
  const first = container.querySelector("mark");
  if (first) container.scrollTop = Math.max(0, first.offsetTop - container.offsetTop - 40);
}

function renderArticle(textNode, listNode, text, events, spans, eventId) {
  const pick = (id) => {
    renderText(textNode, text, spans, id);
    listNode.querySelectorAll("li").forEach((li) => {
      li.classList.toggle("selected", li.dataset.event === id);
    });
  };
  listNode.replaceChildren(...events.map((e) => {
    const li = el("li", { text: describe(e) });
    li.dataset.event = e.event_id;
    li.addEventListener("click", () => pick(e.event_id));
    return li;
  }));
  pick(eventId || (events[0] && events[0].event_id));
}

async function openArticle(articleId, eventId) {
  const article = await api("/v1/articles/" + encodeURIComponent(articleId));
  const card = document.getElementById("article-card");
  card.hidden = false;
  document.getElementById("article-title").textContent = article.title || article.doc_id;
  const meta = [article.doc_id, article.source, article.published, article.url].filter(Boolean);
  document.getElementById("article-meta").textContent = meta.join(" · ");
  renderArticle(document.getElementById("article-text"), document.getElementById("article-events"),
    article.text, article.events, article.spans, eventId);
  card.scrollIntoView({ behavior: "instant", block: "start" });
}

async function codePasted(event) {
  event.preventDefault();
  const status = document.getElementById("code-status");
  const text = document.getElementById("code-text").value;
  const published = document.getElementById("code-date").value;
  status.className = "muted";
  status.textContent = "coding…";
  try {
    const result = await api("/v1/code", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(published ? { text, published } : { text }),
    });
    status.textContent = `${result.events.length} event${result.events.length === 1 ? "" : "s"}`;
    renderArticle(document.getElementById("code-text-out"), document.getElementById("code-events"),
      text, result.events, result.spans, null);
  } catch (error) {
    status.className = "error";
    status.textContent = error.message;
  }
}

function showError(error) {
  const status = document.getElementById("page-info");
  status.className = "error";
  status.textContent = error.message;
}

async function loadCounts() {
  const health = await api("/healthz");
  const s = health.store;
  document.getElementById("counts").textContent =
    `${s.articles} articles · ${s.events} mentions · ${s.groups} events`;
}

async function loadTypes() {
  const spec = await api("/openapi.json");
  const param = spec.paths["/v1/events"].get.parameters.find((p) => p.name === "type");
  const schema = param.schema.anyOf ? param.schema.anyOf.find((s) => s.enum) : param.schema;
  const select = document.getElementById("f-type");
  for (const type of schema.enum) select.append(el("option", { text: type }));
}

function refresh() {
  document.getElementById("page-info").className = "";
  return Promise.all([loadTimeline(), loadNetwork(), loadEvents()]).catch(showError);
}

function start() {
  const form = document.getElementById("filters");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    state.filters = Object.fromEntries(new FormData(form).entries());
    state.offset = 0;
    refresh();
  });
  form.addEventListener("reset", () => setTimeout(() => {
    state.filters = {};
    state.offset = 0;
    refresh();
  }, 0));
  document.getElementById("prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE);
    loadEvents().catch(showError);
  });
  document.getElementById("next").addEventListener("click", () => {
    state.offset += PAGE;
    loadEvents().catch(showError);
  });
  document.getElementById("code-form").addEventListener("submit", codePasted);
  loadTypes().catch(() => {});
  loadCounts().catch(() => {});
  refresh().then(() => document.body.setAttribute("data-ready", "1"));
}

document.addEventListener("DOMContentLoaded", start);
