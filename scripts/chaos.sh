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

# A RabbitMQ node of the run's own: its name, ports, data and config in a temporary directory, management on, the
# same settings as deploy/rabbitmq/rabbitmq.conf where they matter (no consumer timeout for held deliveries).
start_own_broker() {
  local dir node password amqp_port=5682 management_port=15682 dist_port=25682
  dir="$(mktemp -d /tmp/stamina-chaos-broker.XXXXXX)"
  node="stamina-chaos-$$@localhost"
  password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$amqp_port
management.tcp.ip = 127.0.0.1
management.tcp.port = $management_port
loopback_users = none
default_user = stamina-chaos
default_pass = $password
consumer_timeout = 86400000
collect_statistics_interval = 1000
CONF
  echo '[rabbitmq_management].' >"$dir/enabled_plugins"
  : >"$dir/rabbitmq-env.conf"
  chown -R rabbitmq "$dir"
  # Set before the node starts: a node that never answers is stopped and removed too.
  # shellcheck disable=SC2064 # the node's name is fixed now
  trap "HOME=/var/lib/rabbitmq runuser -u rabbitmq -- /usr/lib/rabbitmq/bin/rabbitmqctl -n '$node' stop >/dev/null 2>&1; rm -rf '$dir'" EXIT
  RABBITMQ_NODENAME="$node" RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_PID_FILE="$dir/node.pid" RABBITMQ_DIST_PORT="$dist_port" HOME=/var/lib/rabbitmq \
    runuser -u rabbitmq -- /usr/lib/rabbitmq/bin/rabbitmq-server -detached >"$dir/startup.log" 2>&1
  local tries=0
  until HOME=/var/lib/rabbitmq runuser -u rabbitmq -- /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" await_startup -t 30 >/dev/null 2>&1; do
    tries=$((tries + 1))
    ((tries < 60)) || { echo "chaos.sh: the run's own RabbitMQ did not start; see $dir" >&2; exit 1; }
    sleep 1
  done
  export STAMINA_TEST_RABBITMQ_NODE="$node"
  export STAMINA_RABBITMQ="amqp://stamina-chaos:$password@127.0.0.1:$amqp_port/"
  export STAMINA_RABBITMQ_MANAGEMENT="http://127.0.0.1:$management_port"
  export STAMINA_RABBITMQ_USER=stamina-chaos STAMINA_RABBITMQ_PASSWORD="$password"
  export ConnectionStrings__RabbitMq="$STAMINA_RABBITMQ"
  echo "chaos.sh: RabbitMQ node $node of its own on 127.0.0.1:$amqp_port"
}
((OWN_BROKER == 0)) || start_own_broker

export STAMINA_CHAOS_MINUTES=$MINUTES
[[ -z $SEED ]] || export STAMINA_CHAOS_SEED=$SEED
[[ -z $FAULTS ]] || export STAMINA_CHAOS_FAULTS=$FAULTS
echo "chaos.sh: $MINUTES minutes of faults on $(nproc) cores ($(uname -srm))"
dotnet test "$REPO_ROOT/tests/Stamina.EndToEnd.Tests" --no-build -nologo \
  --filter "FullyQualifiedName=Stamina.EndToEnd.Tests.Chaos.ChaosTests.A_long_chaos_run_Should_keep_every_guarantee" \
  --logger "console;verbosity=normal"
