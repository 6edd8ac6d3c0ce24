// The fleet page's circuit-breaker panel: every breaker that is open, half-open or counting failures, with a reset.
// The board's own helpers come in as arguments, so this file holds no state and needs no other module.
const statusText = { open: "open", halfOpen: "half-open (one probe)", closed: "closed" };

export function renderBreakers(rows, breakers, { cell, button, act, time }) {
  rows.replaceChildren();
  for (const b of breakers) {
    const row = rows.insertRow();
    row.dataset.id = b.id;
    row.dataset.status = b.status;
    cell(row, b.scope); cell(row, b.key, "text"); cell(row, statusText[b.status] ?? b.status, b.status === "closed" ? "" : "limited");
    cell(row, b.openUntil ? time(b.openUntil) : ""); cell(row, b.trips); cell(row, b.recentFailures); cell(row, b.signature, "text");
    cell(row, b.status === "closed" ? "" : button("Reset", () => act(`Close the breaker of ${b.scope} ${b.key}?`, `/api/breakers/${b.id}/reset`)));
  }
  if (breakers.length === 0) {
    const row = rows.insertRow();
    cell(row, "none");
  }
}
