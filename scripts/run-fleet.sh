#!/usr/bin/env bash
# Runs a small Stamina fleet on this machine: the services, one coordinator, two workers, and a sample
# item against a sample repository; prints the item and its branch, then stops the fleet.
# Leave it running with --keep (Ctrl-C stops it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${STAMINA_HOME:-$HOME/.stamina}/fleet"
PORT="${STAMINA_PORT:-5080}"
KEEP=false
[[ "${1:-}" == "--keep" ]] && KEEP=true

bash "$ROOT/scripts/services.sh"
# shellcheck source=/dev/null
source "${STAMINA_SERVICES_ENV:-$HOME/.config/stamina/services.env}"
dotnet build "$ROOT/Stamina.sln" -nologo -v quiet -clp:NoSummary

mkdir -p "$STATE/repos" "$STATE/logs"
KEY_FILE="$STATE/api-key"
[[ -f "$KEY_FILE" ]] || (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$KEY_FILE")
export Stamina__ApiKey="$(cat "$KEY_FILE")"
export Stamina__AllowedLocalRoots__0="$STATE/repos"
export STAMINA_URL="http://127.0.0.1:$PORT" STAMINA_API_KEY="$Stamina__ApiKey"

REPO="$STATE/repos/sample"
if [[ ! -d "$REPO/.git" ]]; then
  git init --quiet --initial-branch=main "$REPO"
  echo "# sample" > "$REPO/README.md"
  git -C "$REPO" add README.md
  git -C "$REPO" -c user.name=Stamina -c user.email=stamina@localhost commit --quiet -m "initial"
fi

BIN=Debug
PIDS=()
stop_fleet() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop_fleet EXIT

dotnet "$ROOT/src/Coordinator/bin/$BIN/net10.0/stamina-coordinator.dll" --urls "$STAMINA_URL" >"$STATE/logs/coordinator.log" 2>&1 &
PIDS+=($!)
for name in worker-1 worker-2; do
  dotnet "$ROOT/src/Worker/bin/$BIN/net10.0/stamina-worker.dll" --pool default --name "$name" \
    --work-dir "$STATE/workers/$name" --urls http://127.0.0.1:0 >"$STATE/logs/$name.log" 2>&1 &
  PIDS+=($!)
done

stamina() { dotnet "$ROOT/src/Cli/bin/$BIN/net10.0/stamina.dll" "$@"; }
deadline=$((SECONDS + 60))
until curl -fsS "$STAMINA_URL/health/ready" >/dev/null 2>&1; do
  ((SECONDS < deadline)) || { echo "the coordinator did not start; see $STATE/logs/coordinator.log"; exit 1; }
  sleep 0.5
done

ID=$(stamina submit --quiet --repo "$REPO" --base-ref main --prompt "Say hello" -- \
  sh -c 'printf "%s\n" "$STAMINA_PROMPT" > hello.txt')
echo "submitted $ID"
deadline=$((SECONDS + 120))
until stamina show "$ID" --json | grep -q '"state": *"\(Succeeded\|Failed\)"'; do
  ((SECONDS < deadline)) || { echo "the item did not finish; logs in $STATE/logs"; exit 1; }
  sleep 1
done
stamina show "$ID"
stamina workers
echo "branches in $REPO:"
git -C "$REPO" branch --list 'stamina/*'

if $KEEP; then
  echo "fleet running at $STAMINA_URL (STAMINA_API_KEY in $KEY_FILE); Ctrl-C stops it"
  wait
fi
