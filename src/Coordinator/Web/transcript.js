// Readable lines for an agent's JSON stream (Claude Code, Codex, Gemini CLI): the same reading as the CLI's
// AgentEventSummary (src/Cli/Render/AgentEventSummary.cs). Each line is { kind, text }; everything is shown as text.
const columns = 400;

const get = (o, name) => (o && typeof o === "object" && !Array.isArray(o) ? o[name] : undefined);
const text = (o, name) => (typeof get(o, name) === "string" ? get(o, name) : null);
const compact = value => (value === undefined || value === null ? "" : line(JSON.stringify(value)));
const count = value => (typeof value === "number" ? value.toLocaleString("en") : "?");
const tokens = (usage, input, output) => `tokens ${count(get(usage, input))} in / ${count(get(usage, output))} out`;

function line(value) {
  if (!value) return "";
  const folded = value.split(/[\r\n]+/).map(s => s.trim()).filter(s => s).join(" ");
  return folded.length <= columns ? folded : folded.slice(0, columns - 3) + "...";
}

function claudeContent(e, assistant) {
  const content = get(get(e, "message"), "content");
  if (!Array.isArray(content)) return [];
  const lines = [];
  for (const part of content) {
    const type = text(part, "type");
    if (type === "text" && assistant) lines.push({ kind: "text", text: line(text(part, "text")) });
    else if (type === "tool_use") lines.push({ kind: "tool", text: `${text(part, "name") ?? "?"} ${compact(get(part, "input"))}`.trim() });
    else if (type === "tool_result") {
      const output = typeof get(part, "content") === "string" ? get(part, "content") : compact(get(part, "content"));
      lines.push({ kind: get(part, "is_error") === true ? "toolerror" : "toolresult", text: line(output) });
    }
  }
  return lines;
}

function claudeResult(e) {
  const parts = [text(e, "subtype") ?? "?"];
  if (typeof get(e, "num_turns") === "number") parts.push(`${get(e, "num_turns")} turns`);
  parts.push(tokens(get(e, "usage"), "input_tokens", "output_tokens"));
  if (typeof get(e, "total_cost_usd") === "number") parts.push("$" + get(e, "total_cost_usd").toFixed(2));
  const said = line(text(e, "result"));
  return { kind: "result", text: parts.join(", ") + (said ? ": " + said : "") };
}

function codexItem(item) {
  switch (text(item, "type")) {
    case "agent_message": return [{ kind: "text", text: line(text(item, "text")) }];
    case "command_execution": {
      const exit = typeof get(item, "exit_code") === "number" ? ` (exit ${get(item, "exit_code")})` : "";
      return [{ kind: "tool", text: `shell ${line(text(item, "command"))}${exit}` }];
    }
    case "file_change": {
      const changes = Array.isArray(get(item, "changes")) ? get(item, "changes").map(c => text(c, "path") ?? "?").join(", ") : "";
      return [{ kind: "tool", text: `file change ${changes}`.trim() }];
    }
    case "mcp_tool_call": return [{ kind: "tool", text: `${text(item, "server") ?? "mcp"}.${text(item, "tool") ?? "?"}` }];
    case "web_search": return [{ kind: "tool", text: `web search ${line(text(item, "query"))}`.trim() }];
    case "error": return [{ kind: "error", text: line(text(item, "message")) }];
    default: return [];
  }
}

export function summarize(e) {
  const type = text(e, "type");
  switch (type) {
    case "system": return text(e, "subtype") === "init"
      ? [{ kind: "init", text: `session ${text(e, "session_id") ?? "?"}, model ${text(e, "model") ?? "?"}` }] : [];
    case "assistant": return claudeContent(e, true);
    case "user": return claudeContent(e, false);
    case "rate_limit_event": {
      const info = get(e, "rate_limit_info");
      const status = text(info, "status");
      if (status === null || status === "allowed") return [];
      const resets = typeof get(info, "resetsAt") === "number" ? ", resets " + new Date(get(info, "resetsAt") * 1000).toISOString() : "";
      return [{ kind: "rate", text: `${status} (${text(info, "rateLimitType") ?? "?"})${resets}` }];
    }
    case "result": return "subtype" in e || "total_cost_usd" in e ? [claudeResult(e)] : [geminiResult(e)];
    case "thread.started": return [{ kind: "init", text: `thread ${text(e, "thread_id") ?? "?"}` }];
    case "item.completed": return codexItem(get(e, "item"));
    case "turn.completed": return [{ kind: "turn", text: tokens(get(e, "usage"), "input_tokens", "output_tokens") }];
    case "turn.failed": return [{ kind: "error", text: line(text(get(e, "error"), "message")) }];
    case "init": return [{ kind: "init", text: `session ${text(e, "session_id") ?? "?"}, model ${text(e, "model") ?? "?"}` }];
    case "message": return ["assistant", "model"].includes(text(e, "role")) ? [{ kind: "text", text: line(text(e, "content")) }] : [];
    case "tool_use": return [{ kind: "tool", text: `${text(e, "tool_name") ?? "?"} ${compact(get(e, "parameters"))}`.trim() }];
    case "tool_result": return [{ kind: "toolresult", text: `${text(e, "status") ?? "?"} ${line(text(e, "output"))}`.trim() }];
    case "error": return [{ kind: "error", text: line(text(e, "message") ?? compact(e)) }];
    default: return [];
  }
}

function geminiResult(e) {
  const stats = get(e, "stats");
  const calls = typeof get(stats, "tool_calls") === "number" ? `, ${get(stats, "tool_calls")} tool calls` : "";
  return { kind: "result", text: `${text(e, "status") ?? "?"}, ${tokens(stats, "input_tokens", "output_tokens")}${calls}` };
}

const labels = { init: "init", text: "message", tool: "tool use", toolresult: "tool result", toolerror: "tool error",
  result: "result", rate: "rate limit", turn: "turn", error: "error", raw: "output" };

// Appends the readable lines of NDJSON `chunk` to the list; a line that is not JSON is shown as plain output.
export function appendTranscript(list, chunk) {
  for (const raw of chunk.split("\n")) {
    if (raw.trim() === "") continue;
    let lines;
    try {
      const event = JSON.parse(raw);
      lines = event && typeof event === "object" ? summarize(event) : [{ kind: "raw", text: line(raw) }];
    } catch {
      lines = [{ kind: "raw", text: line(raw) }];
    }
    for (const entry of lines) {
      const item = document.createElement("li");
      item.className = entry.kind;
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = labels[entry.kind] ?? entry.kind;
      item.append(kind, entry.text);
      list.append(item);
    }
  }
}
