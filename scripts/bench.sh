#!/usr/bin/env bash
# Runs the benchmarks (real services, real processes) and writes docs/benchmarks.md with the machine they ran
# on: each figure beside its baseline from the same run, and a table of every ratio against its goal. Timings
# on a shared 2-core machine are noisy: compare ratios within one run.
#
#   scripts/bench.sh                  # all benchmarks (about 15 minutes), writes docs/benchmarks.md
#   scripts/bench.sh Overhead         # those whose name contains the word (the other parts are kept)
#   scripts/bench.sh --quick          # smaller counts, under 3 minutes: fails if a ratio broke its bound
#   scripts/bench.sh --quick --no-build   # as scripts/test.sh runs it, after its own build
#   scripts/bench.sh --report-only    # only assembles the report from the parts already in artifacts/bench
#   scripts/bench.sh --configuration Debug   # build and run that configuration (default: Release, as shipped;
#                                     # --quick: Debug, the build scripts/test.sh has just made)
#
# --quick runs the benchmarks in category QuickBenchmark with STAMINA_BENCH_QUICK=1 (each reads it and uses
# smaller counts), writes its report to artifacts/bench-quick/benchmarks.md (never docs/) and exits 1 when a
# benchmark failed or a ratio broke its regression bound. A quick run whose ratio broke a bound runs once more
# (timings on a shared machine can stall for seconds) and fails only when the second run breaks one too; the
# report keeps both verdicts. Each part's ratios are in {part}.ratios.tsv.
# STAMINA_BENCH_NOTE, when set, is printed under the report's header (say, how loaded the machine was).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARGS=("$@")
QUICK=0
BUILD=1
CONFIGURATION=""
RUN=1
WORD=""

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while (($# > 0)); do
  case $1 in
    --quick) QUICK=1 ;;
    --no-build) BUILD=0 ;;
    --report-only) RUN=0 ;;
    --configuration)
      CONFIGURATION=${2:-}
      [[ $CONFIGURATION == Debug || $CONFIGURATION == Release ]] || { echo "bench.sh: --configuration takes Debug or Release" >&2; exit 2; }
      shift
      ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "bench.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) WORD=$1 ;;
  esac
  shift
done

# The parts of the report in order: file name, then title. A missing part shows as "not run".
PARTS=(
  "overhead|Overhead against GNU parallel"
  "claim-latency|Claim latency with idle workers"
  "scaling|Scaling from 1 to 16 workers"
  "capacity|Coordinator capacity: control-plane throughput"
  "idle-workers|Coordinator cost of idle workers"
  "reclaim-kill|Reclaim latency after \`kill -9\`"
  "reclaim-stop|Reclaim latency after \`SIGSTOP\`"
  "big-repository|Big repository"
  "account-utilisation|Account utilisation under usage limits"
)
# Why a part is left out of --quick (the quick run only has the benchmarks in category QuickBenchmark).
declare -A NOT_QUICK=(
  [claim-latency]="an absolute latency with no baseline in the same run, so no ratio to bound"
  [reclaim-kill]="each run waits for the takeover delay (12 s today), 5 runs"
  [reclaim-stop]="each run waits for a 30 s lease to run out"
  [account-utilisation]="usage limits reset on a 15 s clock; about a minute"
)

if [[ -z $CONFIGURATION ]]; then
  if ((QUICK)); then CONFIGURATION=Debug; else CONFIGURATION=Release; fi
fi

if ((QUICK)); then
  OUT="$ROOT/artifacts/bench-quick"
  REPORT="$OUT/benchmarks.md"
  FILTER="Category=QuickBenchmark${WORD:+&FullyQualifiedName~$WORD}"
  export STAMINA_BENCH_QUICK=1
else
  OUT="$ROOT/artifacts/bench"
  REPORT="$ROOT/docs/benchmarks.md"
  FILTER="Category=Benchmark${WORD:+&FullyQualifiedName~$WORD}"
  unset STAMINA_BENCH_QUICK
fi

started=$SECONDS
tests_failed=0
if ((RUN)); then
  command -v parallel >/dev/null || { apt-get update -qq && apt-get install -y -qq parallel >/dev/null; }
  bash "$ROOT/scripts/services.sh" >/dev/null
  # shellcheck source=/dev/null
  source "${STAMINA_SERVICES_ENV:-$HOME/.config/stamina/services.env}"
  if ((BUILD)); then
    dotnet build "$ROOT/Stamina.sln" -c "$CONFIGURATION" -nologo -v quiet -clp:NoSummary
  fi
  # A filtered run keeps the other benchmarks' last results.
  if [[ -z $WORD ]]; then rm -rf "$OUT"; fi
  mkdir -p "$OUT"
  STAMINA_BENCH_OUT="$OUT" dotnet test "$ROOT/tests/Stamina.EndToEnd.Tests" -c "$CONFIGURATION" --no-build --filter "$FILTER" \
    --logger "console;verbosity=minimal" </dev/null || tests_failed=1
fi

# The ratios of every part, in the report's order: name, value, goal, goal met, bound, verdict.
ratio_lines() {
  local entry
  for entry in "${PARTS[@]}"; do
    if [[ -f "$OUT/${entry%%|*}.ratios.tsv" ]]; then cat "$OUT/${entry%%|*}.ratios.tsv"; fi
  done
}

ratio_table() {
  echo "| ratio | this run | goal | goal met | bound | within bound |"
  echo "|---|---|---|---|---|---|"
  ratio_lines | awk -F'\t' '{ printf "| %s | %s× | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }'
}

{
  echo "# Benchmarks"
  echo
  if ((QUICK)); then
    echo "Quick run (\`scripts/bench.sh --quick\`, smaller counts: judged by its ratios' regression bounds only) on"
  else
    echo "Produced by \`scripts/bench.sh\` on"
  fi
  echo "$(date -u +%Y-%m-%d): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version),"
  echo "RabbitMQ $(rabbitmqctl version 2>/dev/null || echo '?'), PostgreSQL $(psql --version | awk '{print $3}'); everything on one machine, the $CONFIGURATION build."
  echo "Each figure comes from the run of the command above, beside its baseline from the same run; rerun it to reproduce."
  echo "Ratios are comparable across machines and runs; absolute times are not (the machine may have been shared)."
  if [[ -n ${STAMINA_BENCH_NOTE:-} ]]; then echo; echo "$STAMINA_BENCH_NOTE"; fi
  if [[ -n ${STAMINA_BENCH_FIRST_RUN:-} ]]; then
    echo
    echo "This is the second run: the first broke a bound, as follows."
    echo
    echo '```'
    echo "$STAMINA_BENCH_FIRST_RUN"
    echo '```'
  fi
  echo
  echo "## Ratios"
  echo
  echo "Goal: the issue's. Bound: what a run must keep to; --quick fails past it. It is a regression bound, generous for a"
  echo "noisy shared machine and a fresh CI machine, except where a full run has a requirement of the issue (scaling: ≥ 0.9)."
  echo
  ratio_table
  for entry in "${PARTS[@]}"; do
    part=${entry%%|*}
    echo
    if [[ -f "$OUT/$part.md" ]]; then
      cat "$OUT/$part.md"
    elif ((QUICK)) && [[ -n ${NOT_QUICK[$part]:-} ]]; then
      printf '## %s\n\nnot run (not in --quick: %s).\n' "${entry#*|}" "${NOT_QUICK[$part]}"
    else
      printf '## %s\n\nnot run.\n' "${entry#*|}"
    fi
  done
} >"$REPORT"
echo "wrote ${REPORT#"$ROOT"/} in $((SECONDS - started)) s"

if ((tests_failed)); then
  echo "bench.sh: FAILED: a benchmark failed (its part shows as not run, or from an earlier run)" >&2
fi
if ((QUICK)); then
  if ! check="$(bash "$ROOT/scripts/bench-check.sh" "$OUT" 2>&1)"; then
    echo "$check" >&2
    if ((tests_failed)) || [[ -n ${STAMINA_BENCH_FIRST_RUN:-} ]]; then exit 1; fi
    echo "bench.sh: a ratio broke its bound; running the quick benchmarks once more to tell a regression from a stall" >&2
    STAMINA_BENCH_FIRST_RUN="$(grep -v '^    ' <<<"$check")" exec bash "${BASH_SOURCE[0]}" "${ARGS[@]}" --no-build
  fi
  echo "$check"
fi
((tests_failed == 0))
