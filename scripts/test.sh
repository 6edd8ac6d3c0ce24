#!/usr/bin/env bash
# The one test command: brings up the services, builds Stamina.sln once and runs every test project
# under tests/ whose name ends in .Tests. Its last line is always
#
#   Tests: N passed, N failed
#
# summed over all assemblies (skipped tests count in neither). Exits non-zero if the services or the
# build fail, if any test fails, or if any test assembly fails to run. The end-to-end tests run beside the
# other assemblies (whose output is printed when they are done); their fixtures that stop a broker run
# beside them too, on a RabbitMQ node of their own (scripts/own-broker.sh), or last and alone on the shared
# broker if that node cannot start. An unfiltered run also checks the format and then runs
# scripts/bench.sh --quick (under 3 minutes, alone): each counts as one failed test when it fails.
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
# The longest assembly, run beside the others; and the category of its fixtures that stop their broker
# (SharedBroker.OutageCategory), run beside it on a broker of their own (run_outage_fixtures).
END_TO_END="Stamina.EndToEnd.Tests"
OUTAGE_CATEGORY="SharedBrokerOutage"
# The AMQP port of the outage fixtures' own RabbitMQ node (management on +10000, Erlang distribution on +20000);
# scripts/chaos.sh --own-broker takes 5682.
OUTAGE_BROKER_PORT="${STAMINA_TEST_OUTAGE_BROKER_PORT:-5702}"

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

# Runs one test assembly's tests into $RESULTS_DIR/<trx>; its exit code is dotnet test's.
run_dotnet_test() {
  local project_dir=$1 trx=$2 filter=$3 name
  name="$(basename "$project_dir")"
  local args=(test "$project_dir/$name.csproj" --no-build -nologo
    --logger "trx;LogFileName=$trx"
    --results-directory "$RESULTS_DIR"
    --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none)
  [[ -z $filter ]] || args+=(--filter "$filter")
  # How many end-to-end fixtures at a time (1: one after another), instead of Parallelism.cs's number.
  if [[ $name == "$END_TO_END" && -n ${STAMINA_E2E_WORKERS:-} ]]; then
    args+=(-- "NUnit.NumberOfTestWorkers=$STAMINA_E2E_WORKERS")
  fi
  dotnet "${args[@]}" </dev/null
}

# Adds one run's TRX counts to the totals and the summary, under <label>.
count_results() {
  local label=$1 project_dir=$2 trx=$3 exit_code=$4
  if [[ ! -f $RESULTS_DIR/$trx ]]; then
    if ((exit_code == 0)); then
      SUMMARY_LINES+=("$label: no tests ran")
    elif [[ ! -d $project_dir/bin ]]; then
      mark_broken "$label: FAILED TO RUN (not built: is it in Stamina.sln?)"
    else
      mark_broken "$label: FAILED TO RUN (dotnet test exit code $exit_code, no results file)"
    fi
    return
  fi
  local counts _total passed failed skipped
  if ! counts="$(read_trx_counts "$RESULTS_DIR/$trx")"; then
    mark_broken "$label: FAILED TO RUN (unreadable results file $trx, dotnet test exit code $exit_code)"
    return
  fi
  read -r _total passed failed skipped <<<"$counts"
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  local line="$label: $passed passed, $failed failed, $skipped skipped"
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

# The user's filter, narrowed to the end-to-end tests that do (=) or do not (!=) stop the shared broker.
outage_filter() {
  local test="TestCategory$1$OUTAGE_CATEGORY"
  if [[ -z $FILTER ]]; then echo "$test"; else echo "($FILTER)&$test"; fi
}

# Runs the other assemblies one after another, in the background, each's output to a log printed later and its exit
# code to <name>.exit. They wait on services and processes more than they use the CPU, as the end-to-end tests do.
run_in_background() {
  local project_dir name exit_code
  for project_dir in "$@"; do
    name="$(basename "$project_dir")"
    exit_code=0
    log "Test $name"
    run_dotnet_test "$project_dir" "$name.trx" "$FILTER" || exit_code=$?
    echo "$exit_code" >"$RESULTS_DIR/$name.exit"
  done
}

# The fixtures that stop their broker (category $OUTAGE_CATEGORY), on a RabbitMQ node of their own, so that they run
# beside everything else; their exit code to outage.exit. If that node cannot start, outage.shared says so and they
# run afterwards on the shared broker, alone, since every other test uses that one.
run_outage_fixtures() {
  local project_dir=$1 exit_code=0
  # shellcheck source=own-broker.sh
  source "$REPO_ROOT/scripts/own-broker.sh"
  if ! start_own_broker test "$OUTAGE_BROKER_PORT"; then
    echo "test.sh: no RabbitMQ node of their own; the fixtures that stop a broker run last, alone, on the shared one"
    : >"$RESULTS_DIR/outage.shared"
    return 0
  fi
  run_dotnet_test "$project_dir" "$END_TO_END.$OUTAGE_CATEGORY.trx" "$(outage_filter '=')" || exit_code=$?
  echo "$exit_code" >"$RESULTS_DIR/outage.exit"
}

# The end-to-end tests, the longest, run beside the other assemblies and beside their own fixtures that stop a broker
# (run_outage_fixtures).
run_all_test_projects() {
  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR"
  local project_dir name end_to_end="" others=() background_log="$RESULTS_DIR/other-assemblies.log"
  for project_dir in "$REPO_ROOT"/tests/*.Tests; do
    name="$(basename "$project_dir")"
    [[ -f $project_dir/$name.csproj ]] || continue
    if ! has_test_sources "$project_dir"; then
      SUMMARY_LINES+=("$name: skipped (no test files yet)")
    elif [[ $name == "$END_TO_END" ]]; then
      end_to_end=$project_dir
    else
      others+=("$project_dir")
    fi
  done
  if [[ -z $end_to_end && ${#others[@]} -eq 0 ]]; then
    SUMMARY_LINES+=("no test projects found under tests/")
    return
  fi

  local background=""
  if ((${#others[@]} > 0)); then
    log "Test ${others[*]##*/} (in the background; output in ${background_log#"$REPO_ROOT"/}, printed below when done)"
    run_in_background "${others[@]}" >"$background_log" 2>&1 &
    background=$!
  fi
  local main_exit=0 outage_exit=0 outage="" outage_log="$RESULTS_DIR/outage-fixtures.log"
  if [[ -n $end_to_end ]]; then
    log "Test $END_TO_END, the fixtures that stop a broker, on a RabbitMQ node of their own (in the background; output in ${outage_log#"$REPO_ROOT"/}, printed below when done)"
    run_outage_fixtures "$end_to_end" >"$outage_log" 2>&1 &
    outage=$!
    log "Test $END_TO_END"
    run_dotnet_test "$end_to_end" "$END_TO_END.trx" "$(outage_filter '!=')" || main_exit=$?
  fi
  if [[ -n $background ]]; then
    wait "$background" || true
    cat "$background_log"
  fi
  if [[ -n $outage ]]; then
    wait "$outage" || true
    cat "$outage_log"
    if [[ -f $RESULTS_DIR/outage.shared ]]; then
      log "Test $END_TO_END, the fixtures that stop the shared broker (alone)"
      run_dotnet_test "$end_to_end" "$END_TO_END.$OUTAGE_CATEGORY.trx" "$(outage_filter '=')" || outage_exit=$?
    elif [[ -f $RESULTS_DIR/outage.exit ]]; then
      outage_exit="$(cat "$RESULTS_DIR/outage.exit")"
    else
      outage_exit=1 # the background run ended before its tests did; count_results reports the missing file
    fi
  fi

  for project_dir in "${others[@]}"; do
    name="$(basename "$project_dir")"
    if [[ -f $RESULTS_DIR/$name.exit ]]; then
      count_results "$name" "$project_dir" "$name.trx" "$(cat "$RESULTS_DIR/$name.exit")"
    else
      mark_broken "$name: FAILED TO RUN (the background run ended before it)"
    fi
  done
  if [[ -n $end_to_end ]]; then
    count_results "$END_TO_END" "$end_to_end" "$END_TO_END.trx" "$main_exit"
    count_results "$END_TO_END ($OUTAGE_CATEGORY)" "$end_to_end" "$END_TO_END.$OUTAGE_CATEGORY.trx" "$outage_exit"
  fi
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
