#!/usr/bin/env bash
# The chaos run: a fleet (5 workers, one in its own network namespace, on a PostgreSQL cluster of its own) under
# a stream of items while workers are killed -9 and restarted, frozen past their lease, cut off from the network,
# and the coordinator, RabbitMQ and PostgreSQL restart, at random. A checker then reads the journal, the commands'
# own history and the repository, prints its figures, and fails on any violated guarantee.
#
#   scripts/chaos.sh                      # 30 minutes
#   scripts/chaos.sh --minutes 5 --seed 42
#   scripts/chaos.sh --faults KillWorker,CutNetwork
#   scripts/chaos.sh --own-broker         # a RabbitMQ node of its own (ports 5682/15682), not the shared one
#
# Needs root (network namespaces, PostgreSQL run as nobody). The suite runs a 2-minute variant
# (ChaosTests.A_short_chaos_run_Should_keep_every_guarantee). Restarts the machine's shared RabbitMQ unless
# --own-broker, which lets other tests run on this machine meanwhile.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MINUTES=30
SEED=""
FAULTS=""
OWN_BROKER=0

while (($# > 0)); do
  case $1 in
    --minutes) MINUTES=${2:?--minutes needs a number}; shift 2 ;;
    --seed) SEED=${2:?--seed needs a number}; shift 2 ;;
    --faults) FAULTS=${2:?--faults needs a comma list}; shift 2 ;;
    --own-broker) OWN_BROKER=1; shift ;;
    -h | --help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "chaos.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $MINUTES =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "chaos.sh: --minutes must be a number, not '$MINUTES'" >&2; exit 2; }

bash "$REPO_ROOT/scripts/services.sh"
# shellcheck source=/dev/null
source "${STAMINA_SERVICES_ENV:-$HOME/.config/stamina/services.env}"
dotnet build "$REPO_ROOT/tests/Stamina.EndToEnd.Tests" -nologo -v minimal

# A RabbitMQ node of the run's own (scripts/own-broker.sh), on ports 5682 (AMQP) and 15682 (management).
if ((OWN_BROKER)); then
  # shellcheck source=own-broker.sh
  source "$REPO_ROOT/scripts/own-broker.sh"
  start_own_broker chaos 5682 || exit 1
fi

export STAMINA_CHAOS_MINUTES=$MINUTES
[[ -z $SEED ]] || export STAMINA_CHAOS_SEED=$SEED
[[ -z $FAULTS ]] || export STAMINA_CHAOS_FAULTS=$FAULTS
echo "chaos.sh: $MINUTES minutes of faults on $(nproc) cores ($(uname -srm))"
dotnet test "$REPO_ROOT/tests/Stamina.EndToEnd.Tests" --no-build -nologo \
  --filter "FullyQualifiedName=Stamina.EndToEnd.Tests.Chaos.ChaosTests.A_long_chaos_run_Should_keep_every_guarantee" \
  --logger "console;verbosity=normal"
