#!/usr/bin/env bash
# Brings up the services Stamina needs (RabbitMQ 3.10 and PostgreSQL 15) and writes their connection
# settings to an env file. Idempotent: safe to run again, on a fresh machine, or with services running.
#
#   scripts/services.sh              # then: source ~/.config/stamina/services.env
#
# With a working Docker engine it uses docker-compose.yml; otherwise (no engine, e.g. CI or this kind of
# VM without systemd) it installs the Debian packages and starts both services directly. Set
# STAMINA_SERVICES_DOCKER=no to skip the Docker check, or =yes to require Docker.
#
# No secrets live in the repository: the passwords are generated on the first run and kept in
# ${STAMINA_SERVICES_ENV:-$HOME/.config/stamina/services.env} (mode 0600), which later runs reuse.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENV_FILE="${STAMINA_SERVICES_ENV:-$HOME/.config/stamina/services.env}"
DOCKER_MODE="${STAMINA_SERVICES_DOCKER:-auto}"

PG_VERSION=15
PG_CLUSTER=main
PG_PORT=5432
RABBITMQ_USER=stamina
POSTGRES_USER=stamina
POSTGRES_DATABASE=stamina
STARTUP_TIMEOUT_SECONDS=120

RABBITMQ_CONFIG_CHANGED=0
LOG_DIR=/var/log/stamina-services

log() { printf 'services: %s\n' "$*"; }
die() {
  printf 'services: ERROR: %s\n' "$*" >&2
  exit 1
}

# Installing packages and starting system services needs root; use sudo when we are not root.
as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "needs root (or sudo) to run: $*"
  fi
}

as_postgres() {
  # cd / so that psql does not complain about a cwd the postgres user cannot read.
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && sudo -u postgres -- "$@")
  fi
}

# ---------------------------------------------------------------------------------------------------
# Credentials and the env file
# ---------------------------------------------------------------------------------------------------

# Reads `export NAME='value'` from the env file (not `source`, so the caller's environment cannot leak in).
read_env_value() {
  local name=$1
  [[ -f $ENV_FILE ]] || return 0
  sed -n "s/^export ${name}='\([^']*\)'\$/\1/p" "$ENV_FILE" | tail -n 1
}

# Hex only: safe in URIs, connection strings and shell quotes without escaping.
random_password() {
  od -An -N24 -tx1 /dev/urandom | tr -d ' \n'
}

load_or_generate_passwords() {
  RABBITMQ_PASSWORD="$(read_env_value STAMINA_RABBITMQ_PASSWORD)"
  POSTGRES_PASSWORD="$(read_env_value STAMINA_POSTGRES_PASSWORD)"
  if [[ -n $RABBITMQ_PASSWORD && -n $POSTGRES_PASSWORD ]]; then
    log "credentials: reusing passwords from $ENV_FILE"
    return
  fi
  [[ -n $RABBITMQ_PASSWORD ]] || RABBITMQ_PASSWORD="$(random_password)"
  [[ -n $POSTGRES_PASSWORD ]] || POSTGRES_PASSWORD="$(random_password)"
  log "credentials: generated new random passwords"
}

env_file_content() {
  local postgres="Host=127.0.0.1;Port=${PG_PORT};Database=${POSTGRES_DATABASE};Username=${POSTGRES_USER};Password=${POSTGRES_PASSWORD}"
  local rabbitmq="amqp://${RABBITMQ_USER}:${RABBITMQ_PASSWORD}@127.0.0.1:5672/"
  cat <<EOF
# Written by scripts/services.sh: connection settings for the local RabbitMQ and PostgreSQL.
# Keep it private (mode 0600). Delete it to have new passwords generated on the next run.
export STAMINA_POSTGRES='${postgres}'
export STAMINA_POSTGRES_PASSWORD='${POSTGRES_PASSWORD}'
export STAMINA_RABBITMQ='${rabbitmq}'
export STAMINA_RABBITMQ_MANAGEMENT='http://127.0.0.1:15672'
export STAMINA_RABBITMQ_USER='${RABBITMQ_USER}'
export STAMINA_RABBITMQ_PASSWORD='${RABBITMQ_PASSWORD}'
# The same values under the names ASP.NET configuration reads (ConnectionStrings:Postgres/RabbitMq).
export ConnectionStrings__Postgres='${postgres}'
export ConnectionStrings__RabbitMq='${rabbitmq}'
EOF
}

# Written before the services are touched, so a password is never used without being saved.
write_env_file() {
  local dir tmp
  dir="$(dirname "$ENV_FILE")"
  (umask 077 && mkdir -p "$dir")
  tmp="$(mktemp "$dir/.services.env.XXXXXX")"
  (umask 077 && env_file_content >"$tmp")
  chmod 0600 "$tmp"
  if [[ -f $ENV_FILE ]] && cmp -s "$tmp" "$ENV_FILE"; then
    rm -f "$tmp"
    chmod 0600 "$ENV_FILE"
    log "env file: $ENV_FILE unchanged"
  else
    mv -f "$tmp" "$ENV_FILE"
    log "env file: wrote $ENV_FILE"
  fi
}

# ---------------------------------------------------------------------------------------------------
# Docker (only when an engine actually answers)
# ---------------------------------------------------------------------------------------------------

docker_engine_available() {
  case $DOCKER_MODE in
    no) return 1 ;;
    yes | auto) ;;
    *) die "STAMINA_SERVICES_DOCKER must be auto, yes or no (got '$DOCKER_MODE')" ;;
  esac
  command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1
}

compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose -f "$REPO_ROOT/docker-compose.yml" "$@"
  elif command -v docker-compose >/dev/null 2>&1; then
    docker-compose -f "$REPO_ROOT/docker-compose.yml" "$@"
  else
    die "a Docker engine is running but neither 'docker compose' nor 'docker-compose' is installed"
  fi
}

wait_for_tcp_port() {
  local name=$1 port=$2 deadline=$((SECONDS + STARTUP_TIMEOUT_SECONDS))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    ((SECONDS < deadline)) || die "$name did not open 127.0.0.1:$port within ${STARTUP_TIMEOUT_SECONDS} s"
    sleep 0.5
  done
}

start_with_docker() {
  log "docker: engine available, using docker-compose.yml"
  # compose interpolates the whole file, so the coordinator's key and the parts' broker users must be set even though
  # those services are not started.
  STAMINA_RABBITMQ_PASSWORD="$RABBITMQ_PASSWORD" STAMINA_POSTGRES_PASSWORD="$POSTGRES_PASSWORD" \
    STAMINA_API_KEY="${STAMINA_API_KEY:-unused-when-only-starting-services}" \
    STAMINA_BROKER_COORDINATOR="${STAMINA_BROKER_COORDINATOR:-unused}" \
    GRAFANA_ADMIN_PASSWORD="${GRAFANA_ADMIN_PASSWORD:-unused}" \
    compose up -d rabbitmq postgres
  wait_for_tcp_port PostgreSQL "$PG_PORT"
  wait_for_tcp_port RabbitMQ 5672
  wait_for_tcp_port "RabbitMQ management" 15672
  log "docker: rabbitmq and postgres are up"
}

# ---------------------------------------------------------------------------------------------------
# Host install (Debian): packages
# ---------------------------------------------------------------------------------------------------

package_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

install_packages() {
  local missing=()
  package_installed rabbitmq-server || missing+=(rabbitmq-server)
  package_installed "postgresql-$PG_VERSION" || missing+=(postgresql)
  # The worker sandboxes commands with bubblewrap (docs/security.md); its tests need it.
  package_installed bubblewrap || missing+=(bubblewrap)
  # socat bridges a sandbox to the worker's network proxy; curl is what its tests reach hosts with (docs/security.md).
  package_installed socat || missing+=(socat)
  package_installed curl || missing+=(curl)
  # The web board's test drives a real headless Chromium (PuppeteerSharp cannot download a browser here).
  package_installed chromium || missing+=(chromium)
  # promtool and a Prometheus server: tests check deploy/prometheus and the dashboard's queries on a live one (docs/metrics.md).
  package_installed prometheus || missing+=(prometheus)
  # The deployment checks (tests/Stamina.EndToEnd.Tests/Deployment): docker-compose validates docker-compose.yml
  # without an engine; kubectl builds deploy/k8s with its kustomize (the machine image has kubectl; Debian's
  # kubernetes-client is the fallback on a bare Debian 12).
  package_installed docker-compose || missing+=(docker-compose)
  command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
  # zsh and fish parse the scripts of stamina completion in its tests (bash is here already); a few MB each.
  package_installed zsh || missing+=(zsh)
  package_installed fish || missing+=(fish)
  if ((${#missing[@]} == 0)); then
    log "packages: rabbitmq-server, postgresql-$PG_VERSION, bubblewrap, socat, curl, chromium, prometheus, docker-compose, kubectl, zsh and fish already installed"
    return
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get: install them, or run a Docker engine"
  # Only refresh the package lists when apt does not know a package yet (saves ~10 s on a warm machine).
  local pkg
  for pkg in "${missing[@]}"; do
    if [[ -z $(apt-cache madison "$pkg" 2>/dev/null) ]]; then
      log "packages: apt-get update (apt does not know $pkg yet)"
      as_root apt-get update -qq
      break
    fi
  done
  log "packages: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" </dev/null
}

# ---------------------------------------------------------------------------------------------------
# Host install: RabbitMQ
# ---------------------------------------------------------------------------------------------------

install_config_file() {
  local source=$1 target=$2
  if as_root cmp -s "$source" "$target" 2>/dev/null; then
    log "rabbitmq: $target up to date"
    return
  fi
  as_root install -D -m 0644 "$source" "$target"
  RABBITMQ_CONFIG_CHANGED=1
  log "rabbitmq: wrote $target from ${source#"$REPO_ROOT"/}"
}

# Sets KEY=VALUE in rabbitmq-env.conf, replacing any other value for KEY.
set_rabbitmq_env() {
  local key=$1 value=$2 file=/etc/rabbitmq/rabbitmq-env.conf
  if as_root grep -qx "${key}=${value}" "$file" 2>/dev/null; then
    return
  fi
  as_root touch "$file"
  as_root sed -i "/^${key}=/d" "$file"
  printf '%s=%s\n' "$key" "$value" | as_root tee -a "$file" >/dev/null
  RABBITMQ_CONFIG_CHANGED=1
  log "rabbitmq: set ${key}=${value} in $file"
}

configure_rabbitmq() {
  install_config_file "$REPO_ROOT/deploy/rabbitmq/rabbitmq.conf" /etc/rabbitmq/rabbitmq.conf
  install_config_file "$REPO_ROOT/deploy/rabbitmq/advanced.config" /etc/rabbitmq/advanced.config
  install_config_file "$REPO_ROOT/deploy/rabbitmq/enabled_plugins" /etc/rabbitmq/enabled_plugins
  # A fixed node name, so that the node (and its data directory) does not depend on the host name.
  set_rabbitmq_env NODENAME rabbit@localhost
  # AMQP on loopback only: the generated credentials are for local use.
  set_rabbitmq_env NODE_IP_ADDRESS 127.0.0.1
}

rabbitmq_running() {
  as_root rabbitmq-diagnostics -q ping >/dev/null 2>&1
}

stop_rabbitmq() {
  as_root rabbitmqctl -q stop >/dev/null
  # rabbitmqctl stop leaves epmd behind; it holds the old node name registration, so stop it by its pid.
  local pid
  for pid in $(pgrep -x epmd || true); do
    as_root kill "$pid" 2>/dev/null || true
  done
}

wait_for_rabbitmq() {
  local deadline=$((SECONDS + STARTUP_TIMEOUT_SECONDS))
  # await_startup fails at once until the node has registered with epmd, so it has to be retried.
  until as_root rabbitmqctl -q await_startup --timeout 30 >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      tail -n 30 "$LOG_DIR/rabbitmq-start.log" >&2 2>/dev/null || true
      die "RabbitMQ did not start within ${STARTUP_TIMEOUT_SECONDS} s; see /var/log/rabbitmq/ and $LOG_DIR/rabbitmq-start.log"
    fi
    sleep 0.5
  done
}

start_rabbitmq() {
  if rabbitmq_running; then
    if ((RABBITMQ_CONFIG_CHANGED == 0)); then
      log "rabbitmq: already running"
      return
    fi
    log "rabbitmq: configuration changed, restarting the node"
    stop_rabbitmq
  fi
  log "rabbitmq: starting (rabbitmq-server -detached)"
  as_root mkdir -p "$LOG_DIR"
  # Detached, with no inherited stdio: a caller reading our output through a pipe must see EOF.
  # 9>&-: the long-lived node must not inherit (and so hold forever) this script's lock.
  as_root sh -c "rabbitmq-server -detached </dev/null >>'$LOG_DIR/rabbitmq-start.log' 2>&1" 9>&-
  wait_for_rabbitmq
  log "rabbitmq: running"
}

ensure_rabbitmq_user() {
  if ! as_root rabbitmqctl -q list_users | awk '{print $1}' | grep -qx "$RABBITMQ_USER"; then
    # The password goes through stdin, not the command line where other users could see it.
    printf '%s\n' "$RABBITMQ_PASSWORD" | as_root rabbitmqctl -q add_user "$RABBITMQ_USER" >/dev/null
    log "rabbitmq: created user $RABBITMQ_USER"
  elif ! as_root rabbitmqctl -q authenticate_user "$RABBITMQ_USER" "$RABBITMQ_PASSWORD" >/dev/null 2>&1; then
    printf '%s\n' "$RABBITMQ_PASSWORD" | as_root rabbitmqctl -q change_password "$RABBITMQ_USER" >/dev/null
    log "rabbitmq: user $RABBITMQ_USER existed with another password; reset it to the saved one"
  else
    log "rabbitmq: user $RABBITMQ_USER exists"
  fi
  as_root rabbitmqctl -q set_user_tags "$RABBITMQ_USER" administrator >/dev/null
  as_root rabbitmqctl -q set_permissions -p / "$RABBITMQ_USER" '.*' '.*' '.*' >/dev/null
  log "rabbitmq: $RABBITMQ_USER is administrator with all permissions on vhost /"
}

# ---------------------------------------------------------------------------------------------------
# Host install: PostgreSQL
# ---------------------------------------------------------------------------------------------------

postgres_cluster_field() {
  # pg_lsclusters -h: version cluster port status owner datadir logfile
  pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" -v f="$1" '$1 == v && $2 == c { print $f }'
}

ensure_postgres_cluster() {
  if [[ -n $(postgres_cluster_field 2) ]]; then
    log "postgres: cluster $PG_VERSION/$PG_CLUSTER exists"
  else
    as_root pg_createcluster "$PG_VERSION" "$PG_CLUSTER" >/dev/null
    log "postgres: created cluster $PG_VERSION/$PG_CLUSTER"
  fi
  PG_PORT="$(postgres_cluster_field 3)"
  [[ $PG_PORT == 5432 ]] || log "postgres: note: cluster $PG_VERSION/$PG_CLUSTER listens on port $PG_PORT, not 5432"
}

start_postgres() {
  if [[ $(postgres_cluster_field 4) == online ]]; then
    log "postgres: already running"
  else
    log "postgres: starting (pg_ctlcluster $PG_VERSION $PG_CLUSTER start)"
    as_root mkdir -p "$LOG_DIR"
    if ! as_root sh -c "pg_ctlcluster $PG_VERSION $PG_CLUSTER start </dev/null >>'$LOG_DIR/postgres-start.log' 2>&1" 9>&-; then
      tail -n 30 "$LOG_DIR/postgres-start.log" >&2 2>/dev/null || true
      die "pg_ctlcluster $PG_VERSION $PG_CLUSTER start failed; see /var/log/postgresql/"
    fi
  fi
  local deadline=$((SECONDS + STARTUP_TIMEOUT_SECONDS))
  until pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; do
    ((SECONDS < deadline)) || die "PostgreSQL did not accept connections on 127.0.0.1:$PG_PORT within ${STARTUP_TIMEOUT_SECONDS} s"
    sleep 0.2
  done
  log "postgres: accepting connections on 127.0.0.1:$PG_PORT"
}

ensure_postgres_role() {
  local existing
  existing="$(as_postgres psql -XqtA -d postgres -c \
    "select (select count(*) from pg_roles where rolname = '$POSTGRES_USER') || '/' || (select count(*) from pg_database where datname = '$POSTGRES_DATABASE')")"
  # The password is in the script on stdin, not on a command line.
  as_postgres psql -Xq -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL
\set pw '$POSTGRES_PASSWORD'
SELECT 'CREATE ROLE $POSTGRES_USER' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$POSTGRES_USER') \gexec
ALTER ROLE $POSTGRES_USER WITH LOGIN CREATEDB PASSWORD :'pw';
SELECT 'CREATE DATABASE $POSTGRES_DATABASE OWNER $POSTGRES_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$POSTGRES_DATABASE') \gexec
SQL
  case $existing in
    1/1) log "postgres: role $POSTGRES_USER (LOGIN CREATEDB) and database $POSTGRES_DATABASE exist; password synced" ;;
    *) log "postgres: created role $POSTGRES_USER (LOGIN CREATEDB) and/or database $POSTGRES_DATABASE" ;;
  esac
}

# Proves what the tests will do: a password login over TCP, as the env file describes it.
verify_postgres_login() {
  PGPASSWORD="$POSTGRES_PASSWORD" psql -XqtA -h 127.0.0.1 -p "$PG_PORT" -U "$POSTGRES_USER" -d "$POSTGRES_DATABASE" \
    -c 'select 1' >/dev/null || die "cannot log in to PostgreSQL as $POSTGRES_USER over TCP (check pg_hba.conf)"
  log "postgres: login as $POSTGRES_USER over TCP works"
}

start_on_host() {
  install_packages
  # The port is only known once the cluster exists; the env file follows it.
  ensure_postgres_cluster
  write_env_file
  configure_rabbitmq
  start_rabbitmq
  ensure_rabbitmq_user
  start_postgres
  ensure_postgres_role
  verify_postgres_login
}

# Two runs at once (two terminals, parallel CI steps) would race to start the same nodes.
take_lock() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"${TMPDIR:-/tmp}/stamina-services.lock"
  if ! flock -n 9; then
    log "another scripts/services.sh is running; waiting for it"
    flock -w 600 9 || die "gave up waiting for the other scripts/services.sh"
  fi
}

main() {
  local started=$SECONDS
  take_lock
  load_or_generate_passwords
  if docker_engine_available; then
    write_env_file
    start_with_docker
  else
    [[ $DOCKER_MODE != yes ]] || die "STAMINA_SERVICES_DOCKER=yes but 'docker info' fails"
    log "docker: no working engine, installing/starting the services on this host"
    start_on_host
  fi
  log "done in $((SECONDS - started)) s; use: source $ENV_FILE"
}

main "$@"
