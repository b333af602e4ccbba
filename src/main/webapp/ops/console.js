// The ops console: a client of the ops API (/api/ops/...), nothing else. Every value the API
// returns is put in the page as text (textContent), never as HTML: a delivery's body can hold
// anything a sender, or an attacker with a key, sent.
"use strict";

// Absolute, from the page's origin and path: a page opened as http://user:password@host/ops/
// would otherwise lend its credentials to every relative URL, which fetch refuses.
const API = new URL("../api/ops/", location.origin + location.pathname).href;
const OUTCOMES = ["CREATED", "ALREADY_PROCESSED", "ACKNOWLEDGED", "REJECTED", "UNAUTHORIZED", "PARKED", "FAILED"];
const PAGE = 50;
const $ = (id) => document.getElementById(id);

function say(text) {
  $("status").textContent = text;
}

async function api(path, options = {}) {
  const init = { credentials: "same-origin", headers: { Accept: "application/json" }, ...options };
  if (init.method && init.method !== "GET") {
    // The header a page on another site cannot send: the ops API refuses changes without it.
    init.headers = { ...init.headers, "X-Requested-By": "ops-console" };
  }
  const response = await fetch(API + path, init);
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const message = body && body.message ? body.message : response.statusText;
    throw new Error(response.status + " " + (body && body.error ? body.error + ": " : "") + message);
  }
  return body;
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

// Amounts as accounting writes them (two decimals, the stored value is exact in the database).
function money(amount, currency) {
  return Number(amount).toFixed(2) + " " + currency;
}

function fields(list, entries) {
  list.replaceChildren();
  for (const [name, value] of entries) {
    list.append(element("dt", name), element("dd", value === null || value === undefined ? "–" : value));
  }
}

// Sections, one visible at a time, chosen by the address's fragment.
function show() {
  const name = (location.hash || "#overview").slice(1);
  for (const section of document.querySelectorAll("main > section")) {
    section.hidden = section.id !== name;
  }
  for (const link of document.querySelectorAll("nav a")) {
    if (link.getAttribute("href") === "#" + name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (name === "overview") overview();
  if (name === "deliveries" && !$("delivery-list").tBodies[0].rows.length) deliveries(false);
  if (name === "integration") integration();
}

// Overview.
async function overview() {
  try {
    const o = await api("overview");
    const state = $("database-state");
    state.className = "state " + (o.databaseAnswers ? "up" : "down");
    state.textContent = o.databaseAnswers
      ? "Database: answering"
      : "Database: away. Orders are answered 503 (ComptAppart retries); delivery records wait in the spool.";
    $("orders-today").textContent = o.ordersToday ?? "–";
    $("last-order").textContent = o.lastOrderAt ? "order " + o.lastOrderId + " at " + o.lastOrderAt : "none yet";
    $("spooled").textContent = o.spooled;
    $("set-aside").textContent = o.setAside;
    $("copies-waiting").textContent = o.copiesWaiting;
    const inv = o.invoices || {};
    $("invoices").textContent = [inv.WAITING, inv.REFUSED, inv.EXPIRED].map((n) => n ?? "–").join(" / ");
    const needs = $("needs-ops");
    needs.replaceChildren();
    const attention = [
      ["FAILED", "failed deliveries (5xx)", (o.needsOps || {}).FAILED],
      ["PARKED", "parked deliveries", (o.needsOps || {}).PARKED],
    ];
    for (const [outcome, label, count] of attention) {
      const item = element("li", null, count > 0 ? "attention" : "");
      const link = element("a", (count ?? "–") + " " + label);
      link.href = "#deliveries";
      link.addEventListener("click", () => {
        $("filter-outcome").value = outcome;
        deliveries(false);
      });
      item.append(link);
      needs.append(item);
    }
    for (const [label, count] of [["partner handler runs given up (see the order)", (o.needsOps || {}).HANDLER_RUNS_FAILED],
      ["records set aside", o.setAside], ["invoices refused", inv.REFUSED], ["invoices expired", inv.EXPIRED]]) {
      needs.append(element("li", (count ?? "–") + " " + label, count > 0 ? "attention" : ""));
    }
    chart($("chart-hour"), o.lastHour, "minute");
    chart($("chart-day"), o.lastDay, "hour");
    legend();
    say("Overview at " + o.at);
  } catch (failure) {
    say("The overview could not be read: " + failure.message);
  }
}

// A stacked bar per period, drawn as SVG elements (no library: 60 bars need none).
function chart(container, periods, unit) {
  const svgNs = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNs, "svg");
  const width = 600, height = 140;
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  svg.setAttribute("role", "img");
  const total = (p) => Object.values(p.byOutcome).reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...periods.map(total));
  const sum = periods.reduce((a, p) => a + total(p), 0);
  svg.setAttribute("aria-label", sum + " deliveries, at most " + max + " per " + unit);
  const bar = width / Math.max(1, periods.length);
  periods.forEach((period, i) => {
    let y = height;
    for (const outcome of OUTCOMES) {
      const count = period.byOutcome[outcome] || 0;
      if (!count) continue;
      const h = (count / max) * (height - 10);
      y -= h;
      const rect = document.createElementNS(svgNs, "rect");
      rect.setAttribute("x", String(i * bar + 1));
      rect.setAttribute("y", String(y));
      rect.setAttribute("width", String(Math.max(1, bar - 2)));
      rect.setAttribute("height", String(h));
      rect.setAttribute("class", "outcome-" + outcome);
      const title = document.createElementNS(svgNs, "title");
      title.textContent = period.start + ": " + count + " " + outcome;
      rect.append(title);
      svg.append(rect);
    }
  });
  container.replaceChildren(svg);
}

function legend() {
  const list = $("legend");
  if (list.children.length) return;
  for (const outcome of OUTCOMES) {
    const item = element("li", null);
    item.append(element("span", null, "outcome-" + outcome), document.createTextNode(outcome));
    list.append(item);
  }
}

// Deliveries: the list, newest first, paged by "older deliveries".
let shown = [];
// Only the newest request's answer is shown: opening the section and filtering at once must not
// let the slower, older answer replace the list under the user's hand.
let deliveriesAsked = 0;
async function deliveries(more) {
  const asked = ++deliveriesAsked;
  const outcome = $("filter-outcome").value;
  const eventId = $("filter-event").value.trim();
  const after = $("filter-after").value;
  const limit = more ? shown.length + PAGE : PAGE;
  const query = new URLSearchParams({ limit: String(limit) });
  if (outcome) query.set("outcome", outcome);
  if (eventId) query.set("eventId", eventId);
  try {
    let list = await api("deliveries?" + query);
    if (asked !== deliveriesAsked) return;
    if (after) list = list.filter((d) => d.receivedAt >= new Date(after + "Z").toISOString());
    shown = list;
    const body = $("delivery-list").tBodies[0];
    body.replaceChildren();
    for (const d of list) {
      const row = body.insertRow();
      for (const value of [d.receivedAt, d.eventId ?? "(none)", d.outcome, d.statusCode + (d.errorCode ? " " + d.errorCode : ""), d.durationMillis]) {
        row.insertCell().textContent = value;
      }
      const open = element("button", "Open");
      open.type = "button";
      open.setAttribute("aria-label", "Open delivery " + d.id);
      open.addEventListener("click", () => delivery(d.id));
      row.insertCell().append(open);
    }
    $("more-deliveries").disabled = list.length < limit;
    say(list.length + " deliveries");
  } catch (failure) {
    say("The deliveries could not be read: " + failure.message);
  }
}

let current = null;
async function delivery(id) {
  try {
    const d = await api("deliveries/" + id);
    current = d;
    $("detail-id").textContent = String(d.id);
    fields($("detail-fields"), [
      ["received (UTC)", d.receivedAt], ["event", d.eventId], ["type", d.eventType],
      ["outcome", d.outcome], ["answer", d.statusCode + (d.errorCode ? " " + d.errorCode : "")],
      ["duration", d.durationMillis + " ms"], ["client", d.clientAddress], ["scheme", d.scheme],
      ["user agent", d.userAgent], ["signed with secret", d.signatureSecret],
      ["replay of", d.replayOf], ["body", d.bodyKept ? (d.bodyTruncated ? "kept, truncated" : "kept") : "not kept"],
    ]);
    $("detail-body").textContent = d.body ?? "(no body kept)";
    $("replay").hidden = !d.bodyKept;
    $("replay-confirm").hidden = true;
    $("replay-result").textContent = "";
    $("delivery-detail").hidden = false;
    $("detail-id").scrollIntoView();
    $("replay").focus();
  } catch (failure) {
    say("The delivery could not be read: " + failure.message);
  }
}

async function replay() {
  $("replay-confirm").hidden = true;
  try {
    const r = await api("deliveries/" + current.id + "/replay", { method: "POST" });
    $("replay-result").textContent =
      "Replayed as delivery " + r.delivery.id + ": " + r.delivery.outcome + ", " + r.delivery.statusCode +
      (r.delivery.errorCode ? " " + r.delivery.errorCode : "") + (r.orderId ? " (order " + r.orderId + ")" : "");
  } catch (failure) {
    $("replay-result").textContent = "Replay refused: " + failure.message;
  }
}

// Orders: by order id or invoice number directly; by event id through the delivery log; by
// e-mail through the personal-data answer (the ops API's own ways to find them).
async function findOrders(by, value) {
  if (by === "orderId") return api("orders?orderId=" + encodeURIComponent(value));
  if (by === "invoiceNumber") return api("orders?invoiceNumber=" + encodeURIComponent(value));
  let ids;
  if (by === "eventId") {
    // The event's deliveries carry its body, and the body its order id.
    const found = await api("deliveries?eventId=" + encodeURIComponent(value));
    ids = [];
    for (const d of found) {
      const detail = await api("deliveries/" + d.id);
      try {
        ids.push(JSON.parse(detail.body).order_id);
        break;
      } catch (unreadable) {
        // a body that is not JSON, or none kept: the next delivery of the event
      }
    }
  } else {
    const held = await api("personal-data?email=" + encodeURIComponent(value));
    ids = held.orders.map((o) => o.orderId);
  }
  const orders = [];
  for (const id of [...new Set(ids)].filter((id) => id !== undefined && id !== null)) {
    orders.push(...(await api("orders?orderId=" + id)));
  }
  return orders;
}

// The partner handlers' runs after an order's commit: state, attempts, last failure, run again.
async function handlerRuns(eventId) {
  const box = element("div", null, "handler-runs");
  const runs = await api("handler-runs?eventId=" + encodeURIComponent(eventId));
  if (!runs.length) return box;
  const table = element("table");
  table.append(element("caption", "After-commit work (partner handlers)"));
  for (const r of runs) {
    const row = document.createElement("tr");
    row.append(element("td", r.handler), element("td", r.state, r.state === "FAILED" ? "attention" : ""),
      element("td", r.attempts + " attempt(s)"), element("td", r.lastError ?? ""));
    const cell = element("td");
    if (r.state !== "DONE") {
      const again = element("button", "Run again");
      again.type = "button";
      const result = element("span");
      result.setAttribute("role", "status");
      again.addEventListener("click", async () => {
        try {
          const answer = await api("handler-runs/" + r.id + "/run", { method: "POST" });
          result.textContent = " " + answer.state;
        } catch (failure) {
          result.textContent = " " + failure.message;
        }
      });
      cell.append(again, result);
    }
    row.append(cell);
    table.append(row);
  }
  box.append(table);
  return box;
}

async function orders(event) {
  event.preventDefault();
  const results = $("order-results");
  try {
    const found = await findOrders($("order-by").value, $("order-value").value.trim());
    results.replaceChildren();
    if (!found.length) results.append(element("p", "No order found."));
    for (const o of found) {
      const article = element("article");
      article.append(element("h3", "Order " + o.orderId + " (" + o.eventType + ")"));
      const list = element("dl", null, "fields");
      fields(list, [
        ["event", o.eventId], ["received (UTC)", o.receivedAt], ["paid (sender's time)", o.eventTimestamp],
        ["amount", money(o.totalAmount, o.currency)], ["environment", o.environment + (o.testOrder ? " (test)" : "")],
        ["product lines", o.productLines], ["deliveries", o.deliveries], ["invoice", o.invoiceNumber],
        ["invoice state", o.invoice ? o.invoice.state + (o.invoice.lastError ? " (" + o.invoice.lastError + ")" : "") : "–"],
      ]);
      article.append(list);
      if (o.invoice && o.invoice.state === "ARCHIVED") {
        // A download, never shown inline: HTML receipts are the sender's HTML.
        const link = element("a", "Download the archived invoice");
        link.href = API + "invoices/" + encodeURIComponent(o.invoiceNumber);
        link.setAttribute("download", "");
        const line = element("p");
        line.append(link);
        article.append(line);
      }
      if (o.invoice) {
        const again = element("button", "Fetch the invoice again");
        again.type = "button";
        const result = element("span", "", "");
        result.setAttribute("role", "status");
        again.addEventListener("click", async () => {
          try {
            const answer = await api("invoices/" + encodeURIComponent(o.invoiceNumber) + "/fetch", { method: "POST" });
            result.textContent = " " + answer.map((i) => i.state).join(", ");
          } catch (failure) {
            result.textContent = " " + failure.message;
          }
        });
        const line = element("p");
        line.append(again, result);
        article.append(line);
      }
      article.append(await handlerRuns(o.eventId));
      results.append(article);
    }
    say(found.length + " order(s)");
  } catch (failure) {
    results.replaceChildren(element("p", "Not found: " + failure.message));
  }
}

// Personal data: the access answer, downloadable as JSON, then erasure once confirmed.
let heldFor = null;
async function held(event) {
  event.preventDefault();
  const email = $("held-email").value.trim();
  const result = $("held-result");
  try {
    const answer = await api("personal-data?email=" + encodeURIComponent(email));
    heldFor = email;
    result.replaceChildren(
      element("p", answer.orders.length + " order(s) and " + answer.deliveries.length + " delivery body(ies) held for this e-mail."));
    const list = element("ul");
    for (const o of answer.orders) {
      list.append(element("li", "Order " + o.orderId + ", " + money(o.totalAmount, o.currency) +
        (o.personalDataErasedAt ? ", erased " + o.personalDataErasedAt : ", " + [o.firstName, o.lastName].filter(Boolean).join(" "))));
    }
    result.append(list);
    const download = $("held-download");
    download.href = URL.createObjectURL(new Blob([JSON.stringify(answer, null, 2)], { type: "application/json" }));
    download.hidden = false;
    $("erase").hidden = answer.orders.length === 0 && answer.deliveries.length === 0;
    $("erase-result").textContent = "";
  } catch (failure) {
    result.replaceChildren(element("p", failure.message));
  }
}

async function erase() {
  $("erase-confirm").hidden = true;
  try {
    const r = await api("erasures", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: heldFor }),
    });
    $("erase-result").textContent =
      "Erasure: " + r.status + ", " + r.ordersErased + " order(s) erased, " + r.deliveryBodiesRemoved +
      " delivery body(ies) removed. Kept: amounts, products, invoice numbers, the e-mail's salted hash.";
  } catch (failure) {
    $("erase-result").textContent = "Erasure refused: " + failure.message;
  }
}

// Integration: the go-live evidence of this environment, and its report for the joint validation.
function integrationChecks(r) {
  const c = r.checks;
  const all = (n) => r.deliveries > 0 && n === r.deliveries;
  const limit = r.answerLimitMillis / 1000 + " s";
  return [
    [c.pings > 0 && c.pingsAnswered2xx === c.pings, "Pings received: " + c.pings + ", answered 2xx: " + c.pingsAnswered2xx],
    [c.orders > 0 && c.ordersStored > 0, "Orders received: " + c.orders + ", stored: " + c.ordersStored +
      (r.environment === "staging" ? " (staging: ComptAppart's Stripe test mode, stored as test orders)" : "")],
    [all(c.overHttps), "Over HTTPS: " + c.overHttps + " of " + r.deliveries],
    [all(c.throughProxy), "Through the company's proxy: " + c.throughProxy + " of " + r.deliveries],
    [r.keyRequired, r.keyRequired ? "Valid API key: every delivery listed (a request without one is refused 401 and not listed)"
      : "API key: not required by this receiver"],
    [!r.signingRequired || all(c.signatureVerified), r.signingRequired
      ? "Signature verified: " + c.signatureVerified + " of " + r.deliveries
      : "Signature: not required by this receiver (" + c.signatureVerified + " of " + r.deliveries + " signed and verified)"],
    [all(c.withinLimit), "Answered within the contract's " + limit + ": " + c.withinLimit + " of " + r.deliveries +
      (c.slowestMillis === null ? "" : ", slowest " + c.slowestMillis + " ms")],
    [c.refused === 0, "Refused (4xx/5xx): " + c.refused],
  ];
}

function integrationReport(r) {
  const lines = [
    "# ComptAppart integration: " + r.environment,
    "",
    "Receiver's evidence from " + r.since + " to " + r.generatedAt + " (UTC), " + r.deliveries + " deliveries" +
      (r.truncated ? " (the newest " + r.deliveries + " only)" : "") + ".",
    "",
  ];
  for (const [ok, text] of integrationChecks(r)) lines.push("- [" + (ok ? "x" : " ") + "] " + text);
  const refused = Object.entries(r.refusedForCredentialsSinceStart);
  if (refused.length) {
    lines.push("- Refused for their credentials since the server started (not stored): " +
      refused.map(([reason, n]) => reason + " " + n).join(", "));
  }
  lines.push("", "| received (UTC) | event | event id | HTTPS | proxy | signature | answer | time (ms) |",
    "|---|---|---|---|---|---|---|---|");
  for (const s of r.seen) {
    lines.push("| " + [s.receivedAt, s.eventType ?? "–", s.eventId ?? "–", s.scheme === "https" ? "yes" : "no",
      s.throughProxy === null ? "unknown" : s.throughProxy ? "yes" : "no",
      s.signatureSecret ? "verified (secret " + s.signatureSecret + ")" : "none",
      s.statusCode + " " + s.outcome + (s.errorCode ? " " + s.errorCode : ""), s.durationMillis].join(" | ") + " |");
  }
  return lines.join("\n") + "\n";
}

async function integration(event) {
  if (event) event.preventDefault();
  try {
    const r = await api("integration?days=" + encodeURIComponent($("integration-days").value || "30"));
    $("integration-environment").textContent = "Environment: " + r.environment + ", since " + r.since;
    const checks = $("integration-checks");
    checks.replaceChildren();
    for (const [ok, text] of integrationChecks(r)) {
      const item = element("li", (ok ? "✔ " : "✘ ") + text, ok ? "ok" : "attention");
      checks.append(item);
    }
    const body = $("integration-list").tBodies[0];
    body.replaceChildren();
    for (const s of r.seen) {
      const row = document.createElement("tr");
      for (const cell of [s.receivedAt, (s.eventType ?? "–") + " " + (s.eventId ?? ""),
        s.scheme === "https" ? "yes" : "no", s.throughProxy === null ? "unknown" : s.throughProxy ? "yes" : "no",
        s.signatureSecret ? "verified (" + s.signatureSecret + ")" : "none",
        s.statusCode + " " + s.outcome + (s.errorCode ? " " + s.errorCode : ""),
        s.durationMillis + " ms" + (s.withinLimit ? "" : " (over " + r.answerLimitMillis / 1000 + " s)")]) {
        row.append(element("td", cell));
      }
      body.append(row);
    }
    const report = $("integration-report");
    report.href = URL.createObjectURL(new Blob([integrationReport(r)], { type: "text/markdown" }));
    report.setAttribute("download", "comptappart-integration-" + r.environment + "-" + r.generatedAt.slice(0, 10) + ".md");
    report.hidden = false;
    say(r.deliveries + " delivery(ies) from the sender");
  } catch (failure) {
    say("Integration: " + failure.message);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  window.addEventListener("hashchange", show);
  $("delivery-filter").addEventListener("submit", (e) => { e.preventDefault(); deliveries(false); });
  $("more-deliveries").addEventListener("click", () => deliveries(true));
  $("replay").addEventListener("click", () => { $("replay-confirm").hidden = false; $("replay-yes").focus(); });
  $("replay-no").addEventListener("click", () => { $("replay-confirm").hidden = true; $("replay").focus(); });
  $("replay-yes").addEventListener("click", replay);
  $("order-search").addEventListener("submit", orders);
  $("held-search").addEventListener("submit", held);
  $("erase").addEventListener("click", () => {
    $("erase-email").textContent = heldFor;
    $("erase-confirm").hidden = false;
    $("erase-yes").focus();
  });
  $("erase-no").addEventListener("click", () => { $("erase-confirm").hidden = true; });
  $("erase-yes").addEventListener("click", erase);
  $("integration-filter").addEventListener("submit", integration);
  show();
});
