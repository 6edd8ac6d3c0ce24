#!/usr/bin/env bash
# Installs the real agent CLIs (Claude Code, Codex, Gemini CLI) at pinned versions into a private npm
# prefix, for the tests that run the real clients without credentials. Idempotent: a CLI whose pinned
# version is already there is not reinstalled.
#
#   scripts/install-agents.sh            # then: source ~/.cache/stamina/agents/agents.env
#   STAMINA_AGENTS_DIR=/some/dir scripts/install-agents.sh
#
# One npm call per CLI, so one failure does not block the others. A CLI that fails to install or to run
# `--version` is reported and left out of agents.env; the script still exits 0 (only a missing npm is
# an error), because tests skip a CLI that is not there.
#
# Versions are pinned exactly: on Node 20 an unpinned install of Claude Code silently resolves to an
# older release (its newer ones declare engines node >= 22), and a test must know what it talks to.
set -uo pipefail

if ! command -v npm >/dev/null 2>&1; then
  printf 'install-agents: ERROR: npm is not installed (needs Node.js and npm)\n' >&2
  exit 1
fi

AGENTS_DIR="${STAMINA_AGENTS_DIR:-${HOME:?HOME is not set}/.cache/stamina/agents}"
ENV_FILE="$AGENTS_DIR/agents.env"
VERSION_TIMEOUT_SECONDS=30

# name | npm package | pinned version | executable in node_modules/.bin | env variable
AGENTS=(
  "claude|@anthropic-ai/claude-code|2.1.332|claude|STAMINA_CLAUDE"
  "codex|@openai/codex|0.169.0|codex|STAMINA_CODEX"
  "gemini|@google/gemini-cli|0.61.0|gemini|STAMINA_GEMINI"
)

log() { printf 'install-agents: %s\n' "$*"; }

# Without the CLIs phoning home for updates or telemetry while we only ask for their version.
export DISABLE_AUTOUPDATER=1 DISABLE_TELEMETRY=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1
export NO_UPDATE_NOTIFIER=1 npm_config_update_notifier=false

mkdir -p "$AGENTS_DIR"
AGENTS_DIR="$(cd "$AGENTS_DIR" && pwd)"
# A package.json of our own keeps npm from walking up to some unrelated project's one.
[[ -f "$AGENTS_DIR/package.json" ]] || printf '{ "name": "stamina-agents", "private": true }\n' >"$AGENTS_DIR/package.json"

installed_version() {
  local manifest="$AGENTS_DIR/node_modules/$1/package.json"
  [[ -f "$manifest" ]] || return 1
  node -e 'process.stdout.write(require(process.argv[1]).version)' "$manifest" 2>/dev/null
}

log "node $(node --version 2>/dev/null || echo '?'), npm $(npm --version), prefix $AGENTS_DIR"

declare -A RESULT_LINE
ENV_LINES=()
TOTAL_START=$(date +%s)

# Sets PROBLEM to why NAME's install is unusable, or to "" when it runs; REPORTED to its --version.
check_installed() {
  local package="$1" version="$2" path="$3" executable="$4" got
  got="$(installed_version "$package" || true)"
  PROBLEM="" REPORTED=""
  if [[ "$got" != "$version" ]]; then
    PROBLEM="found version '${got:-none}', wanted $version"
  elif [[ ! -x "$path" ]]; then
    PROBLEM="no executable at $path"
  elif ! REPORTED="$(timeout "$VERSION_TIMEOUT_SECONDS" "$path" --version </dev/null 2>&1)"; then
    PROBLEM="'$executable --version' did not run: ${REPORTED//$'\n'/ }"
  fi
}

for entry in "${AGENTS[@]}"; do
  IFS='|' read -r name package version executable env_name <<<"$entry"
  path="$AGENTS_DIR/node_modules/.bin/$executable"
  start=$(date +%s)

  check_installed "$package" "$version" "$path" "$executable"
  if [[ -z "$PROBLEM" ]]; then
    status="already installed"
  else
    # A broken copy of the pinned version goes first, or npm would call it up to date.
    rm -rf "${AGENTS_DIR:?}/node_modules/$package"
    log "$name: npm install $package@$version"
    if npm install --prefix "$AGENTS_DIR" --no-audit --no-fund --save-exact --loglevel=error \
      "$package@$version"; then
      status="installed in $(($(date +%s) - start))s"
    else
      status="npm install failed"
    fi
    check_installed "$package" "$version" "$path" "$executable"
  fi

  if [[ -n "$PROBLEM" ]]; then
    RESULT_LINE[$name]="$name: FAILED ($status; $PROBLEM)"
    continue
  fi
  log "$name: $version, $status; --version says: ${REPORTED//$'\n'/ }"
  RESULT_LINE[$name]="$name: $path"
  ENV_LINES+=("$env_name=$path")
done

{
  printf '# Written by scripts/install-agents.sh; absolute paths of the agent CLIs that installed and run.\n'
  for line in "${ENV_LINES[@]}"; do printf '%s\n' "$line"; done
} >"$ENV_FILE.tmp" && mv "$ENV_FILE.tmp" "$ENV_FILE"

log "done in $(($(date +%s) - TOTAL_START))s; $(du -sh "$AGENTS_DIR" 2>/dev/null | cut -f1) in $AGENTS_DIR; env file $ENV_FILE"
for entry in "${AGENTS[@]}"; do
  IFS='|' read -r name _ <<<"$entry"
  printf '%s\n' "${RESULT_LINE[$name]}"
done
exit 0
