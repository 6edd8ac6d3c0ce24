// The API from the browser: the key from sessionStorage as a Bearer header, problems turned into errors,
// and the event stream read with fetch() so the key travels in a header (EventSource cannot send one).
const storageKey = "stamina-api-key";

export const apiKey = {
  get: () => sessionStorage.getItem(storageKey) ?? "",
  set: value => sessionStorage.setItem(storageKey, value.trim()),
  clear: () => sessionStorage.removeItem(storageKey),
};

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export async function request(path, options = {}) {
  const headers = { Authorization: "Bearer " + apiKey.get(), ...(options.headers ?? {}) };
  const response = await fetch(path, { ...options, headers, cache: "no-store" });
  if (!response.ok) {
    let detail = null;
    try { detail = (await response.json()).detail; } catch { /* not a problem body */ }
    throw new ApiError(response.status, detail ?? `${path} answered ${response.status}`);
  }
  return response;
}

export const getJson = async path => (await request(path)).json();
export const post = async path => (await request(path, { method: "POST" })).json();

// Reads GET /api/events until it ends or `signal` aborts; calls onEvent(type, data) for each event.
export async function readEvents(onEvent, signal) {
  const response = await request("/api/events", { signal, headers: { Accept: "text/event-stream" } });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replaceAll("\r\n", "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) type = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0) onEvent(type, JSON.parse(data.join("\n")));
    }
  }
}
