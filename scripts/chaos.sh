#!/usr/bin/env bash
# The chaos run: a fleet (5 workers, one in its own network namespace, on a PostgreSQL cluster of its own) under
# a stream of items while workers are killed -9 and restarted, frozen past their lease, cut off from the network,
# and the coordinator, RabbitMQ and PostgreSQL restart, at random. A checker then reads the journal, the commands'
# own history and the repository, prints its figures, and fails on any violated guarantee.
#
#   scripts/chaos.sh                      # 30 minutes
#   scripts/chaos.sh --minutes 5 --seed 42
#   scripts/chaos.sh --faults KillWorker,CutNetwork
#
# Needs root (network namespaces, PostgreSQL run as nobody). The suite runs a 2-minute variant
# (ChaosTests.A_short_chaos_run_Should_keep_every_guarantee). Restarts the machine's shared RabbitMQ.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MINUTES=30
SEED=""
FAULTS=""

while (($# > 0)); do
  case $1 in
    --minutes) MINUTES=${2:?--minutes needs a number}; shift 2 ;;
    --seed) SEED=${2:?--seed needs a number}; shift 2 ;;
    --faults) FAULTS=${2:?--faults needs a comma list}; shift 2 ;;
    -h | --help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "chaos.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $MINUTES =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "chaos.sh: --minutes must be a number, not '$MINUTES'" >&2; exit 2; }

bash "$REPO_ROOT/scripts/services.sh"
# shellcheck source=/dev/null
source "${STAMINA_SERVICES_ENV:-$HOME/.config/stamina/services.env}"
dotnet build "$REPO_ROOT/tests/Stamina.EndToEnd.Tests" -nologo -v minimal

export STAMINA_CHAOS_MINUTES=$MINUTES
[[ -z $SEED ]] || export STAMINA_CHAOS_SEED=$SEED
[[ -z $FAULTS ]] || export STAMINA_CHAOS_FAULTS=$FAULTS
echo "chaos.sh: $MINUTES minutes of faults on $(nproc) cores ($(uname -srm))"
exec dotnet test "$REPO_ROOT/tests/Stamina.EndToEnd.Tests" --no-build -nologo \
  --filter "FullyQualifiedName=Stamina.EndToEnd.Tests.Chaos.ChaosTests.A_long_chaos_run_Should_keep_every_guarantee" \
  --logger "console;verbosity=normal"
