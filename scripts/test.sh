#!/usr/bin/env bash
# The one test command: brings up the services, builds Stamina.sln once and runs every test project
# under tests/ whose name ends in .Tests. Its last line is always
#
#   Tests: N passed, N failed
#
# summed over all assemblies (skipped tests count in neither). Exits non-zero if the services or the
# build fail, if any test fails, or if any test assembly fails to run. An unfiltered run also checks the
# format and runs scripts/bench.sh --quick (under 3 minutes): each counts as one failed test when it fails.
#
#   scripts/test.sh                       # everything
#   scripts/test.sh --filter 'FullyQualifiedName~Lease'
#   STAMINA_TEST_BENCH=0 scripts/test.sh  # everything but the quick benchmarks
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS_DIR="$REPO_ROOT/artifacts/test-results"
ENV_FILE="${STAMINA_SERVICES_ENV:-$HOME/.config/stamina/services.env}"
# A hung test would otherwise eat CI's whole 90 minutes; this kills the test host and reports it.
HANG_TIMEOUT="${STAMINA_TEST_HANG_TIMEOUT:-20m}"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

FILTER=""
SUMMARY_LINES=()
TOTAL_PASSED=0
TOTAL_FAILED=0
BROKEN_ASSEMBLIES=0

log() { printf '\n==> %s\n' "$*"; }

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

parse_arguments() {
  while (($# > 0)); do
    case $1 in
      --filter)
        (($# >= 2)) || { echo "test.sh: --filter needs an expression" >&2; exit 2; }
        FILTER=$2
        shift 2
        ;;
      --filter=*)
        FILTER=${1#--filter=}
        shift
        ;;
      -h | --help)
        usage
        exit 0
        ;;
      *)
        echo "test.sh: unknown argument '$1' (see --help)" >&2
        exit 2
        ;;
    esac
  done
}

start_services() {
  log "Services (scripts/services.sh)"
  if ! bash "$REPO_ROOT/scripts/services.sh"; then
    echo "test.sh: FAILED: scripts/services.sh could not bring up RabbitMQ/PostgreSQL; no tests were run" >&2
    exit 3
  fi
  # shellcheck source=/dev/null
  source "$ENV_FILE"
  # The real agent CLIs, for the tests that run them without credentials. A CLI that cannot be
  # installed is reported by the script and its test is skipped, never failed.
  log "Agent CLIs (scripts/install-agents.sh)"
  local agents_env="${STAMINA_AGENTS_DIR:-$HOME/.cache/stamina/agents}/agents.env"
  if bash "$REPO_ROOT/scripts/install-agents.sh" && [[ -f $agents_env ]]; then
    set -a
    # shellcheck source=/dev/null
    source "$agents_env"
    set +a
  fi
}

build_solution() {
  log "Build (dotnet build Stamina.sln)"
  if ! dotnet build "$REPO_ROOT/Stamina.sln" -nologo -v minimal; then
    echo "test.sh: FAILED: the build of Stamina.sln failed (errors above); no tests were run" >&2
    exit 4
  fi
}

# A project counts only if it has at least one C# file of its own (not generated ones under obj/).
has_test_sources() {
  [[ -n $(find "$1" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' -print -quit) ]]
}

# Prints "total passed failed skipped" from a TRX file's <Counters> element.
read_trx_counts() {
  python3 - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
counters = next(e for e in root.iter() if e.tag.endswith("Counters"))
def count(name):
    return int(counters.get(name, "0"))
failed = count("failed") + count("error") + count("timeout") + count("aborted")
passed = count("passed")
# NUnit's ignored tests are in total but not executed (notExecuted stays 0).
skipped = max(count("notExecuted"), count("total") - count("executed"))
print(count("total"), passed, failed, skipped)
PY
}

run_test_project() {
  local project_dir=$1 name trx exit_code=0
  name="$(basename "$project_dir")"
  if ! has_test_sources "$project_dir"; then
    SUMMARY_LINES+=("$name: skipped (no test files yet)")
    return
  fi
  trx="$name.trx"
  log "Test $name"
  local args=(test "$project_dir/$name.csproj" --no-build -nologo
    --logger "trx;LogFileName=$trx"
    --results-directory "$RESULTS_DIR"
    --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none)
  [[ -z $FILTER ]] || args+=(--filter "$FILTER")
  dotnet "${args[@]}" </dev/null || exit_code=$?

  if [[ ! -f $RESULTS_DIR/$trx ]]; then
    if ((exit_code == 0)); then
      SUMMARY_LINES+=("$name: no tests ran")
    elif [[ ! -d $project_dir/bin ]]; then
      mark_broken "$name: FAILED TO RUN (not built: is it in Stamina.sln?)"
    else
      mark_broken "$name: FAILED TO RUN (dotnet test exit code $exit_code, no results file)"
    fi
    return
  fi
  local counts _total passed failed skipped
  if ! counts="$(read_trx_counts "$RESULTS_DIR/$trx")"; then
    mark_broken "$name: FAILED TO RUN (unreadable results file $trx, dotnet test exit code $exit_code)"
    return
  fi
  read -r _total passed failed skipped <<<"$counts"
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  local line="$name: $passed passed, $failed failed, $skipped skipped"
  # A crash or a hang kill can leave failed=0 in the TRX while dotnet test exits non-zero.
  if ((exit_code != 0 && failed == 0)); then
    mark_broken "$line - FAILED TO RUN (dotnet test exit code $exit_code)"
    return
  fi
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  SUMMARY_LINES+=("$line")
}

# An assembly that did not run to the end counts as one failed test, so that the final line (all that
# CI's log reader sees) can never read as a pass.
mark_broken() {
  BROKEN_ASSEMBLIES=$((BROKEN_ASSEMBLIES + 1))
  TOTAL_FAILED=$((TOTAL_FAILED + 1))
  SUMMARY_LINES+=("$1 [counted as 1 failed]")
}

run_all_test_projects() {
  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR"
  local found=0 project_dir
  for project_dir in "$REPO_ROOT"/tests/*.Tests; do
    [[ -f $project_dir/$(basename "$project_dir").csproj ]] || continue
    found=1
    run_test_project "$project_dir"
  done
  ((found)) || SUMMARY_LINES+=("no test projects found under tests/")
}

print_summary() {
  log "Summary (TRX files in ${RESULTS_DIR#"$REPO_ROOT"/})"
  local line
  for line in "${SUMMARY_LINES[@]}"; do
    echo "  $line"
  done
  if ((BROKEN_ASSEMBLIES > 0)); then
    echo "  $BROKEN_ASSEMBLIES test assembly(ies) failed to run"
  fi
  echo "Tests: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
}

# Style is part of the checks: code that dotnet format would change counts as one failed test.
check_format() {
  [[ -z $FILTER ]] || return 0
  log "Format (dotnet format --verify-no-changes)"
  if dotnet format "$REPO_ROOT/Stamina.sln" --verify-no-changes --no-restore -v quiet; then
    SUMMARY_LINES+=("dotnet format: clean")
  else
    mark_broken "dotnet format: files need formatting (run dotnet format Stamina.sln)"
  fi
}

# Speed is part of the checks too, as ratios to baselines measured in the same run (never absolute times):
# a ratio past its regression bound, or a benchmark that fails, counts as one failed test.
check_benchmarks() {
  [[ -z $FILTER && ${STAMINA_TEST_BENCH:-1} != 0 ]] || return 0
  log "Quick benchmarks (scripts/bench.sh --quick)"
  if bash "$REPO_ROOT/scripts/bench.sh" --quick --no-build </dev/null; then
    SUMMARY_LINES+=("bench --quick: every ratio within its bound (artifacts/bench-quick/benchmarks.md)")
  else
    mark_broken "bench --quick: a ratio broke its bound or a benchmark failed (artifacts/bench-quick/benchmarks.md)"
  fi
}

main() {
  parse_arguments "$@"
  cd "$REPO_ROOT"
  command -v python3 >/dev/null 2>&1 || { echo "test.sh: FAILED: python3 is needed to read the TRX results" >&2; exit 2; }
  start_services
  build_solution
  check_format
  run_all_test_projects
  check_benchmarks
  print_summary
  if ((TOTAL_FAILED > 0 || BROKEN_ASSEMBLIES > 0)); then
    exit 1
  fi
}

main "$@"
