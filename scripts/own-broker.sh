# Sourced by scripts/chaos.sh and scripts/test.sh: start_own_broker starts a RabbitMQ node of the caller's own, for
# tests that stop their broker while other tests go on using the machine's shared one.
#
#   source scripts/own-broker.sh
#   start_own_broker chaos 5682    # AMQP on 127.0.0.1:5682, management on 15682, Erlang distribution on 25682
#
# The node's name, data, logs and config live in a temporary directory; the settings that matter to Stamina are those
# of deploy/rabbitmq (no consumer timeout for held deliveries, 1 s statistics and quorum ticks). It exports what the
# tests read: STAMINA_TEST_RABBITMQ_NODE (the node SharedBroker stops and starts), STAMINA_RABBITMQ and
# ConnectionStrings__RabbitMq, STAMINA_RABBITMQ_MANAGEMENT, STAMINA_RABBITMQ_USER and _PASSWORD. The node is stopped and
# its directory removed when the calling shell exits (an EXIT trap, which replaces the shell's own). Returns non-zero
# if it did not start within about a minute.

start_own_broker() {
  local label=$1 amqp_port=$2 dir node password user
  local management_port=$((amqp_port + 10000)) dist_port=$((amqp_port + 20000))
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  dir="$(mktemp -d "/tmp/stamina-$label-broker.XXXXXX")"
  node="stamina-$label-$$@localhost"
  user="stamina-$label"
  password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$amqp_port
management.tcp.ip = 127.0.0.1
management.tcp.port = $management_port
loopback_users = none
default_user = $user
default_pass = $password
consumer_timeout = 86400000
collect_statistics_interval = 1000
CONF
  cp "$root/deploy/rabbitmq/advanced.config" "$dir/advanced.config"
  echo '[rabbitmq_management].' >"$dir/enabled_plugins"
  : >"$dir/rabbitmq-env.conf"
  chown -R rabbitmq "$dir"
  # Set before the node starts: a node that never answers is stopped and removed too.
  # shellcheck disable=SC2064 # the node's name is fixed now
  trap "HOME=/var/lib/rabbitmq runuser -u rabbitmq -- /usr/lib/rabbitmq/bin/rabbitmqctl -n '$node' stop >/dev/null 2>&1; rm -rf '$dir'" EXIT
  RABBITMQ_NODENAME="$node" RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_PID_FILE="$dir/node.pid" RABBITMQ_DIST_PORT="$dist_port" HOME=/var/lib/rabbitmq \
    runuser -u rabbitmq -- /usr/lib/rabbitmq/bin/rabbitmq-server -detached >"$dir/startup.log" 2>&1
  local tries=0
  until HOME=/var/lib/rabbitmq runuser -u rabbitmq -- /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" await_startup -t 30 >/dev/null 2>&1; do
    tries=$((tries + 1))
    if ((tries >= 60)); then
      echo "own-broker.sh: the RabbitMQ node $node did not start; see $dir" >&2
      return 1
    fi
    sleep 1
  done
  export STAMINA_TEST_RABBITMQ_NODE="$node"
  export STAMINA_RABBITMQ="amqp://$user:$password@127.0.0.1:$amqp_port/"
  export STAMINA_RABBITMQ_MANAGEMENT="http://127.0.0.1:$management_port"
  export STAMINA_RABBITMQ_USER="$user" STAMINA_RABBITMQ_PASSWORD="$password"
  export ConnectionStrings__RabbitMq="$STAMINA_RABBITMQ"
  echo "own-broker.sh: RabbitMQ node $node of its own on 127.0.0.1:$amqp_port"
}
