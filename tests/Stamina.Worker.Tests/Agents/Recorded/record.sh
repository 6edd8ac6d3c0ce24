#!/usr/bin/env bash
# Records what the real agent CLIs print WITHOUT credentials (and with a bad key against a loopback stub),
# run the way a worker runs them: prompt on stdin, in a git repository, each with an empty config home.
# Writes, next to this script, for each case:
#   <case>.stdout.jsonl   raw stdout bytes
#   <case>.stderr.txt     raw stderr bytes
#   <case>.meta.json      argv, environment set, exit code, duration, CLI version
#
#   scripts/install-agents.sh && tests/Stamina.Worker.Tests/Agents/Recorded/record.sh
#
# The environment is cleared (env -i) so no login of the person running it can leak in. Fixed scratch
# paths and a fixed session id keep the recordings comparable from one run to the next. Needs no
# internet: the one case that waits for the network (codex without credentials) is cut by the timeout.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
AGENTS_ENV="${STAMINA_AGENTS_DIR:-$HOME/.cache/stamina/agents}/agents.env"
SCRATCH=/tmp/stamina-record
REPO="$SCRATCH/repo"
TIMEOUT_SECONDS=60
SESSION_ID=5f1c3a52-8d4e-4b7a-9c2f-1e2d3c4b5a69
STUB_PORT=18401
STUB="http://127.0.0.1:$STUB_PORT"

# shellcheck disable=SC1090
source "$AGENTS_ENV" || { echo "record: no $AGENTS_ENV; run scripts/install-agents.sh" >&2; exit 1; }
NODE_DIR="$(dirname "$(command -v node)")"

rm -rf "$SCRATCH"
mkdir -p "$REPO"
git -C "$REPO" init -q -b main
git -C "$REPO" -c user.name=t -c user.email=t@t commit -q --allow-empty -m init

node "$HERE/stub-401.js" "$STUB_PORT" >"$SCRATCH/stub.log" 2>&1 &
STUB_PID=$!
trap 'kill "$STUB_PID" 2>/dev/null' EXIT

# Selects Gemini's API-key auth in the (otherwise empty) config home, so that GOOGLE_GEMINI_BASE_URL can
# point at the stub: that variable alone selects the "gateway" auth type, which 0.61.0 then rejects.
gemini_api_key_settings() {
  mkdir -p "$1/.gemini"
  printf '{"security":{"auth":{"selectedType":"gemini-api-key"}}}\n' >"$1/.gemini/settings.json"
}

# record CASE [setup:FUNCTION] [NAME=VALUE...] -- ARGV...   (@HOME@ in a value = the case's empty home)
record() {
  local case_name="$1"
  shift
  local home="$SCRATCH/$case_name-home"
  mkdir -p "$home"
  local env_args=(PATH="$NODE_DIR:/usr/local/bin:/usr/bin:/bin" HOME="$home" LANG=C.UTF-8)
  while [[ "$1" != "--" ]]; do
    case "$1" in
      setup:*) "${1#setup:}" "$home" ;;
      *@HOME@*)
        local assignment="${1//@HOME@/$home}"
        mkdir -p "${assignment#*=}" # the config dir exists but is empty
        env_args+=("$assignment")
        ;;
      *) env_args+=("$1") ;;
    esac
    shift
  done
  shift

  local start end code
  start=$(date +%s%N)
  (cd "$REPO" && printf 'say hi' | env -i "${env_args[@]}" timeout "$TIMEOUT_SECONDS" "$@" \
    >"$HERE/$case_name.stdout.jsonl" 2>"$HERE/$case_name.stderr.txt")
  code=$?
  end=$(date +%s%N)
  local version
  version="$(env -i "${env_args[@]}" timeout 30 "$1" --version 2>/dev/null </dev/null | head -1)"

  node - "$HERE/$case_name.meta.json" "$code" "$(((end - start) / 1000000))" "$version" \
    "$TIMEOUT_SECONDS" "${#env_args[@]}" "${env_args[@]}" "$@" <<'JS'
const [file, code, ms, version, timeoutSeconds, envCount, ...rest] = process.argv.slice(2);
const env = rest.slice(0, Number(envCount));
const argv = rest.slice(Number(envCount));
argv[0] = require('path').basename(argv[0]);
const meta = {
  argv, stdin: 'say hi', env, cwd: 'a git repository with one empty commit',
  exitCode: Number(code), timedOut: Number(code) === 124, timeoutSeconds: Number(timeoutSeconds),
  durationMs: Number(ms), version,
  recordedAt: new Date().toISOString(), network: 'vendor API hosts do not resolve on the recording machine',
};
require('fs').writeFileSync(file, JSON.stringify(meta, null, 2) + '\n');
JS
  printf 'record: %-40s exit %3s in %6s ms\n' "$case_name" "$code" "$(((end - start) / 1000000))"
}

if [[ -n "${STAMINA_CLAUDE:-}" ]]; then
  claude_args=(-p --output-format stream-json --verbose --session-id "$SESSION_ID" --model sonnet
    --max-turns 3 --max-budget-usd 0.5 --append-system-prompt "x" --permission-mode acceptEdits)
  record claude-no-credentials 'CLAUDE_CONFIG_DIR=@HOME@/.claude' -- "$STAMINA_CLAUDE" "${claude_args[@]}"
  record claude-bare-no-credentials 'CLAUDE_CONFIG_DIR=@HOME@/.claude' -- \
    "$STAMINA_CLAUDE" --bare "${claude_args[@]}"
  # What a refused flag looks like, so that the flags above are known to be accepted, not ignored.
  record claude-unknown-flag 'CLAUDE_CONFIG_DIR=@HOME@/.claude' -- \
    "$STAMINA_CLAUDE" -p --output-format stream-json --verbose --no-such-flag
  record claude-auth-status 'CLAUDE_CONFIG_DIR=@HOME@/.claude' -- "$STAMINA_CLAUDE" auth status
  # A rejected key; without CLAUDE_CODE_MAX_RETRIES=0 it retries a 401 ten times over minutes.
  record claude-bad-key 'CLAUDE_CONFIG_DIR=@HOME@/.claude' ANTHROPIC_BASE_URL="$STUB" \
    ANTHROPIC_API_KEY=sk-ant-stub-not-a-key CLAUDE_CODE_MAX_RETRIES=0 -- "$STAMINA_CLAUDE" "${claude_args[@]}"
fi

if [[ -n "${STAMINA_CODEX:-}" ]]; then
  codex_args=(exec --json --skip-git-repo-check -s workspace-write -m gpt-5)
  # Without credentials codex still calls the API and, offline, waits for the network forever.
  record codex-no-credentials 'CODEX_HOME=@HOME@/.codex' -- "$STAMINA_CODEX" "${codex_args[@]}" -
  record codex-no-credentials-bounded-retries 'CODEX_HOME=@HOME@/.codex' -- \
    "$STAMINA_CODEX" "${codex_args[@]}" --disable unbounded_connection_retries -
  # Online, the API refuses the request that carries no key; the stub plays that part.
  record codex-no-credentials-stub-401 'CODEX_HOME=@HOME@/.codex' -- \
    "$STAMINA_CODEX" "${codex_args[@]}" -c "openai_base_url=\"$STUB/v1\"" -
  record codex-login-status 'CODEX_HOME=@HOME@/.codex' -- "$STAMINA_CODEX" login status
  record codex-resume-no-credentials 'CODEX_HOME=@HOME@/.codex' -- \
    "$STAMINA_CODEX" exec resume "$SESSION_ID" --json -
  # resume has no -s of its own; the parent `exec` options go before `resume`.
  record codex-resume-sandbox-no-credentials 'CODEX_HOME=@HOME@/.codex' -- \
    "$STAMINA_CODEX" exec -s workspace-write resume "$SESSION_ID" --json --skip-git-repo-check -m gpt-5 -
fi

if [[ -n "${STAMINA_GEMINI:-}" ]]; then
  gemini_args=(-p "Follow the task given on standard input." -o stream-json -m gemini-2.5-pro)
  record gemini-no-credentials 'GEMINI_CLI_HOME=@HOME@' -- "$STAMINA_GEMINI" "${gemini_args[@]}"
  record gemini-no-credentials-json 'GEMINI_CLI_HOME=@HOME@' -- \
    "$STAMINA_GEMINI" -p "Follow the task given on standard input." -o json -m gemini-2.5-pro
  # With credentials, headless mode refuses an untrusted folder unless --skip-trust is given.
  record gemini-untrusted-folder setup:gemini_api_key_settings 'GEMINI_CLI_HOME=@HOME@' \
    GEMINI_API_KEY=stub-not-a-key GOOGLE_GEMINI_BASE_URL="$STUB" -- "$STAMINA_GEMINI" "${gemini_args[@]}"
  record gemini-bad-key setup:gemini_api_key_settings 'GEMINI_CLI_HOME=@HOME@' \
    GEMINI_API_KEY=stub-not-a-key GOOGLE_GEMINI_BASE_URL="$STUB" -- \
    "$STAMINA_GEMINI" --skip-trust "${gemini_args[@]}"
fi

# The exact `--version` lines (stdout only; codex adds a warning on stderr when CODEX_HOME is under /tmp).
for executable in "${STAMINA_CLAUDE:-}" "${STAMINA_CODEX:-}" "${STAMINA_GEMINI:-}"; do
  [[ -n "$executable" ]] || continue
  printf '%s --version: %s\n' "$(basename "$executable")" \
    "$(env -i PATH="$NODE_DIR:/usr/bin:/bin" HOME="$SCRATCH" timeout 30 "$executable" --version 2>/dev/null)"
done >"$HERE/versions.txt"

echo "record: requests the stub saw:"
sort "$SCRATCH/stub.log" | uniq -c
