#!/bin/sh
# The worker image's entry point: picks the worker's name, work directory and broker user, then runs the worker.
#
# Without STAMINA_WORKER_NAMING it changes nothing: the worker reads everything from its environment
# (ConnectionStrings__RabbitMq, Stamina__Worker__Name, ...) as when started by hand.
#
# With STAMINA_WORKER_NAMING, the environment holds the connection strings `stamina broker users` made, one
# STAMINA_BROKER_WORKER_<NAME>=amqp://... per worker, and each replica becomes a worker that has its own broker
# user (docs/security.md: a per-worker user speaks only for its worker, so replicas cannot share one). The
# worker process gets only its own connection string: the others are removed from its environment.
#   STAMINA_WORKER_NAMING=slot (docker compose --scale): the first of PREFIX-1 .. PREFIX-MAX whose lock no live
#     replica holds and whose user is in the file. The slot's lock file lives in its work directory, on a volume
#     every replica shares, and is held by this process until it exits (flock; the kernel drops it on kill -9),
#     so a restarted replica takes a free slot, usually its own.
#   STAMINA_WORKER_NAMING=hostname (Kubernetes StatefulSets): the host name, i.e. the pod's stable name.
set -eu

# The worker's program; tests put a stand-in here.
worker=${STAMINA_WORKER_PROGRAM:-/app/stamina-worker}

fail() {
  echo "worker-entrypoint: $*" >&2
  exit 2
}

credentials_of() {
  # STAMINA_BROKER_WORKER_ + the name in upper case, every other character '_' (as `stamina broker users` names it).
  variable="STAMINA_BROKER_WORKER_$(printf '%s' "$1" | tr 'a-z' 'A-Z' | tr -c 'A-Z0-9' '_')"
  eval "printf '%s' \"\${$variable:-}\""
}

if [ -z "${STAMINA_WORKER_NAMING:-}" ]; then
  exec "$worker" "$@"
fi
root=${STAMINA_WORKERS_DIR:-/var/lib/stamina/workers}

case $STAMINA_WORKER_NAMING in
  hostname)
    name=$(cat /proc/sys/kernel/hostname)
    connection=$(credentials_of "$name")
    [ -n "$connection" ] || fail "no broker user for worker '$name' in the environment; run: stamina broker users --worker $name:POOL"
    mkdir -p "$root/$name"
    ;;
  slot)
    prefix=${STAMINA_WORKER_PREFIX:-worker}
    max=${STAMINA_WORKER_SLOTS:-8}
    name=""
    i=1
    while [ "$i" -le "$max" ]; do
      connection=$(credentials_of "$prefix-$i")
      if [ -n "$connection" ]; then
        mkdir -p "$root/$prefix-$i"
        exec 9>"$root/$prefix-$i/.slot"
        if flock -n 9; then
          name="$prefix-$i"
          break
        fi
        exec 9>&-
      fi
      i=$((i + 1))
    done
    [ -n "$name" ] || fail "every worker slot $prefix-1..$prefix-$max that has a broker user in the environment is taken by a live replica; add users (stamina broker users --worker $prefix-N:POOL) or scale down"
    ;;
  *)
    fail "STAMINA_WORKER_NAMING must be slot or hostname, not '${STAMINA_WORKER_NAMING}'"
    ;;
esac

# The account's agent config directories (Stamina__Accounts__<account>__<harness>) on a fresh volume: the agents and
# their sandbox need them to exist. A read-only mount that lacks one is left for the worker to report.
for directory in $(env | sed -n 's/^Stamina__Accounts__[^=]*=\(\/.*\)$/\1/p'); do
  mkdir -p "$directory" 2>/dev/null || true
done
for variable in $(env | sed -n 's/^\(STAMINA_BROKER_[A-Za-z0-9_]*\)=.*/\1/p'); do
  unset "$variable"
done
echo "worker-entrypoint: running as worker $name in $root/$name" >&2
export ConnectionStrings__RabbitMq="$connection"
export Stamina__Worker__Name="$name"
export Stamina__Worker__WorkDir="$root/$name/work"
exec "$worker" "$@"
