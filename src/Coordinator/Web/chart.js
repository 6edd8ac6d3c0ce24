// Items finished per hour over the last 24 hours as an inline SVG bar chart (no library): succeeded below, failed on top.
const svgNs = "http://www.w3.org/2000/svg";
const hours = 24;

function element(name, attributes, parent) {
  const node = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  parent.append(node);
  return node;
}

// `finished`: items with state and updatedAt (their finishing time); drawn into `svg` (viewBox 720×140).
export function drawThroughput(svg, finished, now = Date.now()) {
  const hour = 3600 * 1000;
  const end = Math.ceil(now / hour) * hour;
  const buckets = Array.from({ length: hours }, () => ({ ok: 0, bad: 0 }));
  for (const item of finished) {
    const index = hours - 1 - Math.floor((end - 1 - Date.parse(item.updatedAt)) / hour);
    if (index < 0 || index >= hours) continue;
    if (item.state === "Succeeded") buckets[index].ok++; else buckets[index].bad++;
  }
  const top = Math.max(1, ...buckets.map(b => b.ok + b.bad));
  const [left, width, base, height] = [28, 690 / hours, 120, 105];
  svg.replaceChildren();
  element("line", { x1: left, y1: base, x2: 718, y2: base }, svg);
  element("text", { x: 2, y: base - height + 8 }, svg).textContent = String(top);
  element("text", { x: 2, y: base }, svg).textContent = "0";
  buckets.forEach((bucket, i) => {
    const x = left + i * width + 2;
    const okHeight = (bucket.ok / top) * height;
    const badHeight = (bucket.bad / top) * height;
    const start = new Date(end - (hours - i) * hour);
    const title = `${start.getHours().toString().padStart(2, "0")}:00: ${bucket.ok} succeeded, ${bucket.bad} failed or cancelled`;
    const ok = element("rect", { class: "ok", x, y: base - okHeight, width: width - 4, height: okHeight }, svg);
    element("title", {}, ok).textContent = title;
    const bad = element("rect", { class: "bad", x, y: base - okHeight - badHeight, width: width - 4, height: badHeight }, svg);
    element("title", {}, bad).textContent = title;
    if (i % 3 === 0) element("text", { x, y: 134 }, svg).textContent = start.getHours().toString().padStart(2, "0") + "h";
  });
  svg.dataset.finished = String(finished.length);
}
