// The operator's board: items with filters, one item with its attempts and transcript, workers and accounts,
// live by the event stream. Every value from the API is inserted as text, never as HTML.
import { apiKey, ApiError, getJson, post, readEvents, request } from "/web/api.js";
import { drawThroughput } from "/web/chart.js";
import { appendTranscript } from "/web/transcript.js";

const $ = id => document.getElementById(id);
const finished = ["Succeeded", "Failed", "Cancelled", "Skipped"];
const views = ["itemsView", "itemView", "fleetView"];
let readOnly = false;
let refreshTimer = null;
let transcript = null; // { id, attempt, offset, decoder, complete, busy }
let shownItem = null; // { id, state, loadedAt } of the item page

const time = value => (value ? new Date(value).toLocaleString() : "");
const money = value => (value == null ? "" : "$" + Number(value).toFixed(2));
const short = id => (id ? String(id).slice(0, 8) : "");

function cell(row, value, className) {
  const td = row.insertCell();
  if (value instanceof Node) td.append(value); else td.textContent = value ?? "";
  if (className) td.className = className;
  return td;
}

function link(text, href) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "write";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

function status(message) { $("status").textContent = message; }

function fail(error) {
  if (error instanceof ApiError && error.status === 401) { showKeyForm("the API key is missing or wrong"); return; }
  if (error?.name === "AbortError") return;
  status(error?.message ?? String(error));
}

function showKeyForm(message) {
  views.forEach(v => ($(v).hidden = true));
  $("key").hidden = false;
  $("forget").hidden = true;
  status(message);
}

// Asks before changing anything; the read-only key never gets here (its buttons are hidden and the API refuses it).
function confirmAction(question) {
  return new Promise(resolve => {
    const dialog = $("confirm");
    $("confirmText").textContent = question;
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "yes"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
  });
}

async function act(question, path) {
  if (readOnly || !(await confirmAction(question))) return;
  try {
    await post(path);
    status("done: " + question.replace(/\?$/, ""));
    scheduleRefresh();
  } catch (error) {
    fail(error);
  }
}

function itemActions(item) {
  const span = document.createElement("span");
  if (!finished.includes(item.state)) span.append(button("Cancel", () => act(`Cancel item ${short(item.id)}?`, `/api/items/${item.id}/cancel`)));
  if (item.state === "Failed" || item.state === "Cancelled")
    span.append(button("Retry", () => act(`Retry item ${short(item.id)}?`, `/api/items/${item.id}/retry`)));
  return span;
}

function filterQuery() {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData($("filters"))) if (String(value).trim() !== "") query.set(name, String(value).trim());
  return query;
}

async function loadItems() {
  const query = filterQuery();
  query.set("limit", "200");
  const [{ items }, stats] = await Promise.all([getJson("/api/items?" + query), getJson("/api/stats")]);
  const rows = $("items");
  rows.replaceChildren();
  for (const i of items) {
    const row = rows.insertRow();
    row.dataset.id = i.id;
    row.dataset.state = i.state;
    cell(row, link(short(i.id), "#/item/" + i.id));
    cell(row, i.state, i.state); cell(row, i.attempt); cell(row, i.pool); cell(row, i.harness);
    cell(row, i.progress?.turns ?? ""); cell(row, money(i.progress?.costUsd)); cell(row, i.progress?.lastTool, "text");
    cell(row, i.result?.branch); cell(row, time(i.createdAt)); cell(row, i.prompt, "text"); cell(row, itemActions(i));
  }
  renderCounters(stats);
  const since = new URLSearchParams({ since: "24h", limit: "1000" });
  const done = await Promise.all(finished.map(state => getJson(`/api/items?state=${state}&${since}`)));
  drawThroughput($("chart"), done.flatMap(d => d.items));
  status(`${items.length} items shown · updated ${new Date().toLocaleTimeString()}`);
}

function renderCounters(stats) {
  const counters = $("counters");
  counters.replaceChildren();
  const entries = [["queued", stats.items.queued], ["running", stats.items.running], ["succeeded", stats.items.succeeded],
    ["failed", stats.items.failed], ["cancelled", stats.items.cancelled], ["workers busy", stats.workers.busy],
    ["idle", stats.workers.idle], ["limited", stats.workers.limited], ["paused", stats.workers.paused], ["cost", money(stats.agents.costUsd)]];
  for (const [name, value] of entries) {
    const box = document.createElement("div");
    box.className = "counter";
    box.dataset.name = name;
    const number = document.createElement("b");
    number.textContent = value ?? 0;
    box.append(number, name);
    counters.append(box);
  }
}

function fact(list, name, value) {
  if (value === null || value === undefined || value === "") return;
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  dd.textContent = value;
  list.append(dt, dd);
}

async function loadItem(id) {
  const item = await getJson("/api/items/" + encodeURIComponent(id));
  shownItem = { id: item.id, state: item.state, loadedAt: Date.now() };
  $("itemId").textContent = item.id;
  $("itemState").textContent = item.state;
  $("itemState").className = item.state;
  $("cancelItem").hidden = finished.includes(item.state);
  $("retryItem").hidden = !(item.state === "Failed" || item.state === "Cancelled");
  const facts = $("itemFacts");
  facts.replaceChildren();
  fact(facts, "repository", item.repo); fact(facts, "base", item.baseRef); fact(facts, "pool", item.pool);
  fact(facts, "harness", item.harness); fact(facts, "attempt", `${item.attempt} of ${item.maxAttempts} (${item.failures} failed, ${item.lostAttempts} lost)`);
  fact(facts, "labels", Object.entries(item.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(", "));
  fact(facts, "submitted", time(item.createdAt)); fact(facts, "updated", time(item.updatedAt));
  fact(facts, "not before", time(item.notBefore)); fact(facts, "holder", item.holder); fact(facts, "cost", money(item.costUsd));
  $("itemPrompt").textContent = item.prompt;
  const result = $("itemResult");
  result.replaceChildren();
  if (item.result) {
    const r = item.result;
    const stat = document.createElement("p");
    stat.className = "diffstat";
    stat.textContent = `branch ${r.branch} · ${r.filesChanged} files changed, +${r.insertions} −${r.deletions} · ${r.commits} commits · `
      + `${short(r.baseCommit)}..${short(r.headCommit)} · exit ${r.exitCode ?? "?"}`;
    result.append(stat);
    if (r.summary) { const summary = document.createElement("pre"); summary.className = "prompt"; summary.textContent = r.summary; result.append(summary); }
  } else {
    result.textContent = "none yet";
  }
  const rows = $("attempts");
  rows.replaceChildren();
  for (const a of item.attempts) {
    const row = rows.insertRow();
    cell(row, a.number); cell(row, a.worker); cell(row, a.account); cell(row, time(a.startedAt)); cell(row, time(a.endedAt));
    cell(row, a.outcome ?? "running", a.outcome ?? "Running"); cell(row, [a.errorClass, a.message].filter(x => x).join(": "), "text");
    cell(row, a.turns); cell(row, a.toolUses); cell(row, `${a.inputTokens} / ${a.outputTokens}`); cell(row, money(a.costUsd));
    cell(row, a.branch);
    const show = document.createElement("button");
    show.type = "button";
    show.textContent = "transcript";
    show.addEventListener("click", () => openTranscript(item.id, a.number));
    cell(row, show);
  }
  const latest = item.attempts.at(-1);
  if (latest && (!transcript || transcript.id !== item.id)) openTranscript(item.id, latest.number);
  else if (transcript && !transcript.complete) pollTranscript();
  status(`item ${short(item.id)} · updated ${new Date().toLocaleTimeString()}`);
}

function openTranscript(id, attempt) {
  transcript = { id, attempt, offset: 0, decoder: new TextDecoder(), pending: "", complete: false, busy: false };
  $("transcript").replaceChildren();
  $("transcriptAttempt").textContent = `(attempt ${attempt})`;
  pollTranscript();
}

// Reads what was added since the last read; only whole lines are rendered, the rest waits for the next read.
async function pollTranscript() {
  const t = transcript;
  if (!t || t.busy || t.complete) return;
  t.busy = true;
  try {
    const response = await request(`/api/items/${t.id}/attempts/${t.attempt}/transcript?offset=${t.offset}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (t !== transcript) return;
    t.offset += bytes.length;
    t.complete = response.headers.get("Stamina-Transcript-Complete") === "true";
    const text = t.pending + t.decoder.decode(bytes, { stream: !t.complete });
    const cut = t.complete ? text.length : text.lastIndexOf("\n") + 1;
    t.pending = text.slice(cut);
    const list = $("transcript");
    appendTranscript(list, text.slice(0, cut));
    list.dataset.complete = String(t.complete);
    if ($("follow").checked) list.scrollTop = list.scrollHeight;
  } catch (error) {
    fail(error);
  } finally {
    t.busy = false;
  }
}

async function loadFleet() {
  const { workers } = await getJson("/api/workers");
  const rows = $("workers");
  rows.replaceChildren();
  for (const w of workers) {
    const row = rows.insertRow();
    row.dataset.name = w.name;
    cell(row, w.name); cell(row, w.pool); cell(row, w.account); cell(row, w.state, w.state);
    cell(row, w.limitedUntil ? "until " + time(w.limitedUntil) : w.attention, "text");
    cell(row, w.currentItem ? link(short(w.currentItem), "#/item/" + w.currentItem) : "");
    cell(row, time(w.lastSeenAt));
    cell(row, w.state === "paused" ? button("Resume", () => act(`Resume worker ${w.name}?`, `/api/workers/${encodeURIComponent(w.name)}/resume`)) : "");
  }
  const accounts = new Map();
  for (const w of workers) {
    const name = w.account ?? "(default)";
    const entry = accounts.get(name) ?? { workers: 0, states: new Map(), limitedUntil: null };
    entry.workers++;
    entry.states.set(w.state, (entry.states.get(w.state) ?? 0) + 1);
    if (w.limitedUntil && (!entry.limitedUntil || w.limitedUntil > entry.limitedUntil)) entry.limitedUntil = w.limitedUntil;
    accounts.set(name, entry);
  }
  const accountRows = $("accounts");
  accountRows.replaceChildren();
  for (const [name, entry] of [...accounts].sort()) {
    const row = accountRows.insertRow();
    cell(row, name); cell(row, entry.workers);
    cell(row, [...entry.states].map(([state, n]) => `${n} ${state}`).join(", "));
    cell(row, entry.limitedUntil ? time(entry.limitedUntil) : "", entry.limitedUntil ? "limited" : "");
  }
  status(`${workers.length} workers · updated ${new Date().toLocaleTimeString()}`);
}

function route() {
  const hash = location.hash || "#/";
  const match = /^#\/item\/([0-9a-fA-F-]{36})$/.exec(hash);
  const view = match ? "itemView" : hash === "#/fleet" ? "fleetView" : "itemsView";
  views.forEach(v => ($(v).hidden = v !== view));
  if (view !== "itemView") transcript = null;
  return { view, id: match?.[1] };
}

async function refresh() {
  const { view, id } = route();
  try {
    if (view === "itemView") await loadItem(id);
    else if (view === "fleetView") await loadFleet();
    else await loadItems();
  } catch (error) {
    fail(error);
  }
}

// Many events arrive together (a batch finishing); one reload serves them all, and a busy fleet reloads
// an open board at most every two seconds, so boards never crowd the API that submits and the CLI share.
const RefreshSpacingMs = 2000;
let lastRefreshAt = 0;
function scheduleRefresh() {
  if (refreshTimer) return;
  const wait = Math.max(250, lastRefreshAt + RefreshSpacingMs - Date.now());
  refreshTimer = setTimeout(() => { refreshTimer = null; lastRefreshAt = Date.now(); refresh(); }, wait);
}

function onEvent(type, data) {
  if (type === "hello") { $("live").textContent = "live"; $("live").className = "live on"; scheduleRefresh(); return; }
  if (type === "ping") return;
  const { view, id } = route();
  if (type === "item" && view === "itemView" && data.id === id) { scheduleRefresh(); pollTranscript(); }
  else if (type === "item" && view === "itemsView") scheduleRefresh();
  else if (type === "worker" && view !== "itemView") scheduleRefresh();
}

async function listen() {
  for (;;) {
    try {
      await readEvents(onEvent);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) { showKeyForm("the API key is missing or wrong"); return; }
    }
    $("live").textContent = "reconnecting";
    $("live").className = "live off";
    await new Promise(resolve => setTimeout(resolve, 3000));
  }
}

async function start() {
  if (!apiKey.get()) { showKeyForm("enter the coordinator's API key"); return; }
  try {
    const { access } = await getJson("/api/access");
    readOnly = access !== "full";
  } catch (error) {
    fail(error);
    return;
  }
  document.body.classList.toggle("read-only", readOnly);
  $("access").textContent = readOnly ? "read-only key" : "";
  $("key").hidden = true;
  $("forget").hidden = false;
  await refresh();
  listen();
  // A running attempt's transcript and progress (turns, tokens, cost) grow between item events, which mark state changes only.
  setInterval(() => {
    if (transcript && !transcript.complete && $("follow").checked) pollTranscript();
    const { view, id } = route();
    if (view === "itemView" && shownItem?.id === id && shownItem.state === "Running" && Date.now() - shownItem.loadedAt > 3000) scheduleRefresh();
  }, 1000);
}

$("key").addEventListener("submit", event => {
  event.preventDefault();
  apiKey.set($("keyInput").value);
  $("keyInput").value = "";
  start();
});
$("forget").addEventListener("click", () => { apiKey.clear(); location.reload(); });
$("filters").addEventListener("submit", event => { event.preventDefault(); refresh(); });
$("filters").addEventListener("reset", () => setTimeout(refresh, 0));
$("cancelItem").addEventListener("click", () => { const { id } = route(); act(`Cancel item ${short(id)}?`, `/api/items/${id}/cancel`); });
$("retryItem").addEventListener("click", () => { const { id } = route(); act(`Retry item ${short(id)}?`, `/api/items/${id}/retry`); });
window.addEventListener("hashchange", refresh);
start();
