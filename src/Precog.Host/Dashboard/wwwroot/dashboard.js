// Precog dashboard: draws the node's pictures as /dashboard/events pushes them (Server-Sent Events), no reload.
// Every text from the node goes in through textContent, never as HTML. Money arrives as decimals in JSON and is
// turned into numbers here only to draw and format.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const state = { scope: "read", sparks: new Map(), pnlChart: null, pnlKey: "", last: null };
  window.precogDashboard = state; // for a browser test: what the page last drew

  const fmt = (v, digits = 2) => (v === null || v === undefined ? "–" : Number(v).toFixed(digits));
  const money = (v) => (v === null || v === undefined ? "–" : (Number(v) < 0 ? "−$" : "$") + Math.abs(Number(v)).toFixed(2));
  const sign = (v) => (v === null || v === undefined || Number(v) === 0 ? "" : Number(v) > 0 ? "pos" : "neg");
  const time = (iso) => (iso ? new Date(iso).toISOString().substring(11, 19) : "");

  function el(tag, props = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("data-")) e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  // ---- the stream ----

  function connect() {
    const events = new EventSource("/dashboard/events");
    events.addEventListener("session", (e) => {
      state.scope = JSON.parse(e.data).scope;
      document.body.classList.toggle("can-write", state.scope === "write");
      $("scope").textContent = state.scope === "write" ? "write token" : "read token";
    });
    events.addEventListener("snapshot", (e) => {
      const snap = JSON.parse(e.data);
      state.last = snap;
      state.snapshots = (state.snapshots || 0) + 1;
      setLink(true);
      draw(snap);
    });
    events.onerror = () => setLink(false); // EventSource reconnects by itself
  }

  function setLink(up) {
    const link = $("link");
    link.textContent = up ? "live" : "reconnecting…";
    link.className = "badge " + (up ? "ok" : "bad");
  }

  function draw(s) {
    $("clock").textContent = s.at ? new Date(s.at).toISOString().replace("T", " ").substring(0, 19) + " UTC" : "";
    drawPositions(s.positions || [], s.closed || 0);
    drawPnl(s.pnl || []);
    drawBreakers(s.breakers);
    drawEdges(s.edges || []);
    drawAlerts(s.alerts || []);
    drawCluster(s.cluster);
    $("errors").textContent = (s.errors || []).length ? "Not answered this second: " + s.errors.join("; ") : "";
  }

  // ---- positions ----

  function drawPositions(positions, closed) {
    const body = $("positions").tBodies[0];
    const seen = new Set();
    $("no-positions").hidden = positions.length > 0;
    $("closed").textContent = closed ? `· ${closed} closed today` : "";
    for (const p of positions) {
      seen.add(p.id);
      let row = body.querySelector(`tr[data-id="${CSS.escape(p.id)}"]`);
      if (!row) {
        row = el("tr", { "data-id": p.id },
          el("td", { class: "ticker" }, el("span", { class: "name" }), el("span", { class: "side-inline" })), el("td", { class: "side" }), el("td", { class: "strategy hide-narrow" }),
          el("td", { class: "num entry hide-narrow" }), el("td", { class: "num mark" }), el("td", { class: "num pnl" }),
          el("td", {}, el("div", { class: "spark" })), el("td", { class: "exit" }));
        body.append(row);
      }
      const cell = (c) => row.querySelector("." + c);
      cell("name").textContent = short(p.ticker);
      cell("side-inline").textContent = " " + p.side.toUpperCase();
      cell("ticker").title = p.ticker;
      cell("side").textContent = p.side.toUpperCase();
      cell("strategy").textContent = p.strategy;
      cell("entry").textContent = fmt(p.entry);
      cell("mark").textContent = fmt(p.mark);
      cell("pnl").textContent = money(p.pnl);
      cell("pnl").className = "num pnl " + sign(p.pnl);
      cell("exit").textContent = p.exit_state;
      spark(p, row.querySelector(".spark"));
    }
    for (const row of [...body.rows]) {
      if (!seen.has(row.dataset.id)) {
        state.sparks.get(row.dataset.id)?.destroy();
        state.sparks.delete(row.dataset.id);
        row.remove();
      }
    }
  }

  // the mark (line) with the trailing stop (dashed) and the entry (dotted), in the position's own price range
  function spark(p, box) {
    if (!window.uPlot) return;
    const marks = p.marks || [];
    const data = [marks.map((m) => m[0] / 1000), marks.map((m) => Number(m[1])), marks.map((m) => (m[2] === null ? null : Number(m[2]))),
      marks.map(() => (p.entry === null ? null : Number(p.entry)))];
    let chart = state.sparks.get(p.id);
    if (!chart) {
      chart = new uPlot({
        width: box.clientWidth || 140, height: 36, legend: { show: false }, cursor: { show: false }, select: { show: false },
        axes: [{ show: false }, { show: false }], scales: { x: { time: true } },
        series: [{}, { stroke: "#58a6ff", width: 1.5 }, { stroke: "#f85149", width: 1, dash: [4, 3], spanGaps: false },
          { stroke: "#8a98a8", width: 1, dash: [1, 3] }],
      }, data, box);
      state.sparks.set(p.id, chart);
    } else chart.setData(data);
  }

  // ---- P&L of the day ----

  const colors = ["#58a6ff", "#3fb950", "#d29922", "#bc8cff", "#f778ba", "#39c5cf"];

  function drawPnl(lines) {
    const totals = $("pnl-totals");
    totals.replaceChildren(...lines.map((l) => el("span", {}, el("b", { text: l.strategy + " " }),
      el("span", { class: sign(Number(l.realized) + Number(l.unrealized)), text: money(Number(l.realized) + Number(l.unrealized)) }),
      el("span", { class: "dim", text: ` (realized ${money(l.realized)}, unrealized ${money(l.unrealized)})` }))));
    if (!window.uPlot || lines.length === 0) return;
    // one time axis for every line: the union of their sample times (each line sampled at the same ticks)
    const xs = [...new Set(lines.flatMap((l) => l.points.map((p) => p[0])))].sort((a, b) => a - b);
    const data = [xs.map((x) => x / 1000)];
    const series = [{}];
    lines.forEach((l, i) => {
      const at = new Map(l.points.map((p) => [p[0], p]));
      data.push(xs.map((x) => (at.has(x) ? Number(at.get(x)[1]) + Number(at.get(x)[2]) : null)));
      data.push(xs.map((x) => (at.has(x) ? Number(at.get(x)[1]) : null)));
      const c = colors[i % colors.length];
      series.push({ label: `${l.strategy} total`, stroke: c, width: 2, value: (u, v) => money(v) });
      series.push({ label: `${l.strategy} realized`, stroke: c, width: 1, dash: [5, 4], value: (u, v) => money(v) });
    });
    const box = $("pnl-chart");
    const key = lines.map((l) => l.strategy).join("|");
    if (!state.pnlChart || state.pnlKey !== key) {
      state.pnlChart?.destroy();
      state.pnlKey = key;
      state.pnlChart = new uPlot({
        width: box.clientWidth || 400, height: 220, series, legend: { live: false },
        // a line of one point still gets a readable axis: a few minutes around it
        scales: { x: { time: true, range: (u, min, max) => (max - min < 60 ? [min - 300, max + 60] : [min, max]) } },
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"), // the node's clock, in UTC as the header shows it
        axes: [{ stroke: "#8a98a8", grid: { stroke: "#26313d" } }, { stroke: "#8a98a8", grid: { stroke: "#26313d" }, size: 60, values: (u, vs) => vs.map((v) => "$" + v) }],
      }, data, box);
    } else state.pnlChart.setData(data);
  }

  window.addEventListener("resize", () => {
    const box = $("pnl-chart");
    state.pnlChart?.setSize({ width: box.clientWidth, height: 220 });
  });

  // ---- breakers ----

  function drawBreakers(b) {
    const body = $("breakers").tBodies[0];
    const entries = $("entries");
    if (!b) return;
    $("no-breakers").hidden = b.breakers.length > 0;
    entries.textContent = b.entries.allowed ? "entries allowed" : "entries blocked: " + b.entries.blocked_by.join(", ");
    entries.className = "badge " + (b.entries.allowed ? "ok" : "bad");
    body.replaceChildren(...b.breakers.map((x) => el("tr", { "data-breaker": x.id },
      el("td", { text: x.id }),
      el("td", { class: "status-" + x.status, text: x.status.replace("_", "-") }),
      el("td", { class: "hide-narrow dim", text: [time(x.since), x.reason].filter(Boolean).join(" · ") }),
      el("td", {}, state.scope === "write"
        ? (x.status === "closed"
          ? el("button", { class: "danger", text: "Trip", onclick: () => signal(x.kind, x.scope, "trip", prompt(`Why trip ${x.id}?`, "tripped from the dashboard")) })
          : el("button", { text: "Reset", onclick: () => signal(x.kind, x.scope, "reset", "reset from the dashboard") }))
        : null))));
  }

  $("trip-form").addEventListener("submit", (e) => {
    e.preventDefault();
    signal($("trip-kind").value, $("trip-scope").value.trim(), "trip", $("trip-reason").value.trim());
  });

  async function signal(kind, scope, action, reason) {
    if (action === "trip" && !reason) return;
    await post(`/api/breakers/${encodeURIComponent(kind)}/${encodeURIComponent(scope)}/${action}`, { reason, by: "dashboard" });
  }

  async function post(path, body) {
    const r = await fetch(path, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Precog-Dashboard": "1" }, body: JSON.stringify(body),
    });
    const answer = await r.json().catch(() => ({}));
    $("errors").textContent = r.ok ? "" : `${path}: ${answer.error || r.status}`;
    return r.ok;
  }

  // ---- edges ----

  function drawEdges(groups) {
    $("edges").replaceChildren(...(groups.length === 0 ? [el("p", { class: "empty", text: "No market with an edge yet." })] : groups.map((g) =>
      el("div", {}, el("h3", { text: g.strategy }), el("div", { class: "scroll" }, el("table", {},
        el("thead", {}, el("tr", {}, el("th", { text: "Market" }), el("th", { text: "Side" }), el("th", { class: "num", text: "Edge" }),
          el("th", { class: "num hide-narrow", text: "Model · price" }), el("th", { text: "Game" }))),
        el("tbody", {}, ...g.markets.map((m) => el("tr", {},
          el("td", { class: "ticker", text: short(m.ticker), title: m.ticker }),
          el("td", { text: (m.side || "").toUpperCase() }),
          el("td", { class: "num " + sign(m.edge), text: fmt(m.edge, 3) }),
          el("td", { class: "num hide-narrow dim", text: `${fmt(m.model_probability, 3)} · ${fmt(m.market_price)}` }),
          el("td", { class: "game", text: game(m.game) }))))))))));
  }

  // KXNFLGAME-26NOV251812HOUTEN-TEN → HOUTEN-TEN: the series and date are the same on every row (the full ticker is the title)
  const short = (t) => (t || "").replace(/^[A-Z0-9]+-\d{2}[A-Z]{3}\d{2,6}/, "");
  const game = (g) => {
    if (!g) return "no game linked";
    const when = g.status === "live" ? `${g.period} ${g.clock}` : g.status;
    return `${g.away} ${g.away_score} @ ${g.home} ${g.home_score} · ${when}`;
  };

  // ---- alerts ----

  function drawAlerts(alerts) {
    $("no-alerts").hidden = alerts.length > 0;
    $("alerts").replaceChildren(...alerts.map((a) => el("li", { "data-alert": a.id },
      el("span", { class: "sev-" + a.severity, text: a.severity }),
      el("span", { class: "dim", text: time(a.raised_at) }),
      el("span", { class: "msg", text: `${a.component}: ${a.message}` }),
      a.status === "open" && state.scope === "write"
        ? el("button", { text: "Acknowledge", onclick: () => post(`/api/alerts/${encodeURIComponent(a.id)}/ack`, { by: "dashboard" }) })
        : el("span", { class: "dim", text: a.status + (a.acknowledged_by ? ` by ${a.acknowledged_by}` : "") }))));
  }

  // ---- cluster ----

  function drawCluster(c) {
    if (!c) return;
    const shards = new Map((c.shards || []).map((s) => [s.address, s.regions]));
    $("cluster").replaceChildren(
      el("p", { class: "dim", text: `leader ${c.leader || "none"}${c.unreachable.length ? ` · unreachable: ${c.unreachable.join(", ")}` : ""}` }),
      ...c.members.map((m) => el("div", { class: "member" },
        el("b", { text: m.address + (m.address === c.self ? " (this node)" : "") }),
        el("div", { class: "dim", text: `${m.status}${m.reachable ? "" : ", unreachable"} · roles: ${m.roles.join(", ") || "none"}` }),
        el("div", { text: "shards: " + ((shards.get(m.address) || []).map((r) => `${r.region} ${r.shards} (${r.entities} entities)`).join(", ") || "none reported") }))));
  }

  connect();
})();
