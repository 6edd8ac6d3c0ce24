#!/usr/bin/env bash
# Runs the benchmarks (real services, real processes) and writes docs/benchmarks.md with the machine
# they ran on. Timings on a shared 2-core machine are noisy: compare ratios within one run.
#
#   scripts/bench.sh                 # all benchmarks (about 10 minutes)
#   scripts/bench.sh Overhead        # those whose name contains the word
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/artifacts/bench"
FILTER="Category=Benchmark${1:+&FullyQualifiedName~$1}"

command -v parallel >/dev/null || { apt-get update -qq && apt-get install -y -qq parallel >/dev/null; }
bash "$ROOT/scripts/services.sh" >/dev/null
# shellcheck source=/dev/null
source "${STAMINA_SERVICES_ENV:-$HOME/.config/stamina/services.env}"
dotnet build "$ROOT/Stamina.sln" -nologo -v quiet -clp:NoSummary
# A filtered run keeps the other benchmarks' last results.
if [[ -z "${1:-}" ]]; then rm -rf "$OUT"; fi
mkdir -p "$OUT"
STAMINA_BENCH_OUT="$OUT" dotnet test "$ROOT/tests/Stamina.EndToEnd.Tests" --no-build --filter "$FILTER" --logger "console;verbosity=minimal"

{
  echo "# Benchmarks"
  echo
  echo "Produced by \`scripts/bench.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version),"
  echo "RabbitMQ $(rabbitmqctl version 2>/dev/null || echo '?'), PostgreSQL $(psql --version | awk '{print $3}'); everything on one machine."
  echo "Each figure comes from the run of the command above; rerun it to reproduce."
  for part in overhead claim-latency reclaim-kill reclaim-stop account-utilisation; do
    if [[ -f "$OUT/$part.md" ]]; then echo; cat "$OUT/$part.md"; fi
  done
} > "$ROOT/docs/benchmarks.md"
echo "wrote docs/benchmarks.md"
