#!/usr/bin/env bash
# Start (and stop) the Redis topologies the test suites run on besides a single node, on
# loopback ports only, so CI and a developer's machine run the same servers:
#
#   - a 3-master Redis Cluster (redis-server --cluster-enabled yes, no replicas);
#   - Sentinel: one sentinel watching two masters. The suites use the first, with one
#     replica (TEST_REDIS_SENTINEL_MASTER); the failover test alone fails over the second
#     (TEST_REDIS_SENTINEL_FAILOVER_MASTER), so it never pulls the master from under a
#     suite running in another package at the same time. That one has two replicas, as a
#     production Sentinel should: Sentinel repoints the other replica to the new master
#     within the failover, so writes that wait for a replica (cache/replicated.go) succeed
#     again at once.
#
# Usage:
#   scripts/redis-topology.sh start DIR   start everything under DIR (created), wait until the
#                                         cluster says cluster_state:ok and the sentinel sees
#                                         every replica, then print `export VAR=...` lines
#                                         (also written to DIR/env)
#   scripts/redis-topology.sh stop DIR    stop every server started under DIR (by its pid
#                                         file) and remove DIR
#   scripts/redis-topology.sh run -- CMD  start in a temporary directory, run CMD with the
#                                         variables exported, stop on exit whatever happens
#
# Needs redis-server and redis-cli (Debian: redis-server, which pulls in redis-tools);
# Sentinel runs as `redis-server FILE --sentinel`, so no redis-sentinel package is needed.
set -euo pipefail

CLUSTER_NODES=3
SUITE_MASTER=noirbot-suite
FAILOVER_MASTER=noirbot-failover

log() { echo "redis-topology: $*" >&2; }

# port_free PORT: nothing accepts connections on 127.0.0.1:PORT.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_base: a base port whose next 16 ports and their cluster bus ports (+10000) are free,
# all below Linux's ephemeral range (32768 and up), where outgoing connections take ports.
pick_base() {
  local base p ok
  for _ in $(seq 1 50); do
    base=$((20000 + (RANDOM % 270) * 10))
    ok=1
    for p in $(seq "$base" $((base + 15))); do
      if ! port_free "$p" || ! port_free $((p + 10000)); then ok=0; break; fi
    done
    if [ "$ok" = 1 ]; then echo "$base"; return 0; fi
  done
  log "no free port range found"
  return 1
}

# wait_for DESC CMD...: retry CMD for up to 30 s (150 tries, 0.2 s apart).
wait_for() {
  local desc=$1; shift
  for _ in $(seq 1 150); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  log "timed out waiting for ${desc}"
  return 1
}

ping_ok() { redis-cli -p "$1" ping 2>/dev/null | grep -q PONG; }
cluster_ok() { redis-cli -p "$1" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }
replica_synced() { redis-cli -p "$1" info replication 2>/dev/null | grep -q '^master_link_status:up'; }
# sentinel_sees_replicas SENTINEL_PORT MASTER N: the sentinel knows N replicas of MASTER.
sentinel_sees_replicas() {
  redis-cli -p "$1" sentinel master "$2" 2>/dev/null | grep -A1 -x 'num-slaves' | tail -1 | grep -qx "$3"
}

# server DIR NAME PORT ARGS...: start a daemonized redis-server with its own directory.
server() {
  local dir=$1 name=$2 port=$3; shift 3
  mkdir -p "$dir/$name"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$dir/$name" --daemonize yes --pidfile "$dir/$name.pid" --logfile "$dir/$name.log" "$@"
}

# start DIR: start_once, up to three times on fresh ports (a port picked as free can be
# taken by another program before redis-server binds it).
start() {
  local dir=$1 attempt
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null ||
    { log "redis-server and redis-cli are needed"; return 1; }
  for attempt in 1 2 3; do
    mkdir -p "$dir"
    if start_once "$dir"; then return 0; fi
    log "attempt ${attempt} failed; logs:"
    tail -n 20 "$dir"/*.log >&2 || true
    stop "$dir"
  done
  return 1
}

# start_once DIR: every step returns on failure (errexit does not apply inside `if`).
start_once() {
  local dir=$1 base a
  base=$(pick_base) || return 1

  # Redis Cluster: three masters, no replicas, short node timeout.
  local addrs=() p i
  for i in $(seq 0 $((CLUSTER_NODES - 1))); do
    p=$((base + i))
    server "$dir" "cluster-$p" "$p" --cluster-enabled yes --cluster-config-file "$dir/cluster-$p/nodes.conf" \
      --cluster-node-timeout 2000 || return 1
    addrs+=("127.0.0.1:$p")
  done
  for a in "${addrs[@]}"; do wait_for "cluster node ${a}" ping_ok "${a#*:}" || return 1; done
  redis-cli --cluster create "${addrs[@]}" --cluster-replicas 0 --cluster-yes >"$dir/cluster-create.log" 2>&1 ||
    { cat "$dir/cluster-create.log" >&2; return 1; }
  for a in "${addrs[@]}"; do wait_for "cluster_state:ok on ${a}" cluster_ok "${a#*:}" || return 1; done

  # Sentinel: two masters (one replica, two replicas) and one sentinel watching both (quorum 1).
  local m1=$((base + 5)) r1=$((base + 6)) m2=$((base + 7)) r2=$((base + 8)) s=$((base + 9)) r3=$((base + 10))
  local repl=(--repl-diskless-sync yes --repl-diskless-sync-delay 0)
  server "$dir" "master-$m1" "$m1" "${repl[@]}" || return 1
  server "$dir" "master-$m2" "$m2" "${repl[@]}" || return 1
  server "$dir" "replica-$r1" "$r1" "${repl[@]}" --replicaof 127.0.0.1 "$m1" || return 1
  server "$dir" "replica-$r2" "$r2" "${repl[@]}" --replicaof 127.0.0.1 "$m2" || return 1
  server "$dir" "replica-$r3" "$r3" "${repl[@]}" --replicaof 127.0.0.1 "$m2" || return 1
  for p in "$m1" "$m2" "$r1" "$r2" "$r3"; do wait_for "redis on port ${p}" ping_ok "$p" || return 1; done
  for p in "$r1" "$r2" "$r3"; do wait_for "replica ${p} in sync" replica_synced "$p" || return 1; done

  mkdir -p "$dir/sentinel-$s"
  cat >"$dir/sentinel-$s/sentinel.conf" <<EOF
port $s
bind 127.0.0.1
daemonize yes
pidfile $dir/sentinel-$s.pid
logfile $dir/sentinel-$s.log
dir $dir/sentinel-$s
sentinel monitor $SUITE_MASTER 127.0.0.1 $m1 1
sentinel down-after-milliseconds $SUITE_MASTER 2000
sentinel failover-timeout $SUITE_MASTER 5000
sentinel monitor $FAILOVER_MASTER 127.0.0.1 $m2 1
sentinel down-after-milliseconds $FAILOVER_MASTER 2000
sentinel failover-timeout $FAILOVER_MASTER 5000
EOF
  redis-server "$dir/sentinel-$s/sentinel.conf" --sentinel || return 1
  wait_for "sentinel on port ${s}" ping_ok "$s" || return 1
  wait_for "sentinel to see the replica of ${SUITE_MASTER}" sentinel_sees_replicas "$s" "$SUITE_MASTER" 1 || return 1
  wait_for "sentinel to see the replicas of ${FAILOVER_MASTER}" sentinel_sees_replicas "$s" "$FAILOVER_MASTER" 2 || return 1

  local cluster; cluster=$(IFS=,; echo "${addrs[*]}")
  {
    echo "export TEST_REDIS_CLUSTER_ADDRS=${cluster}"
    echo "export TEST_REDIS_SENTINEL_ADDRS=127.0.0.1:${s}"
    echo "export TEST_REDIS_SENTINEL_MASTER=${SUITE_MASTER}"
    echo "export TEST_REDIS_SENTINEL_FAILOVER_MASTER=${FAILOVER_MASTER}"
  } >"$dir/env"
  log "Redis Cluster ${cluster}; Sentinel 127.0.0.1:${s} (masters ${SUITE_MASTER} on ${m1}, ${FAILOVER_MASTER} on ${m2})"
  cat "$dir/env"
}

stop() {
  local dir=$1 f pid
  [ -d "$dir" ] || return 0
  for f in "$dir"/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  for f in "$dir"/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    [ -n "$pid" ] || continue
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}

case "${1:-}" in
  start) [ $# -eq 2 ] || { echo "usage: $0 start DIR" >&2; exit 2; }; start "$2" ;;
  stop) [ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop "$2" ;;
  run)
    shift
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || { echo "usage: $0 run -- CMD..." >&2; exit 2; }
    dir=$(mktemp -d)
    trap 'stop "$dir"' EXIT
    start "$dir" >/dev/null
    # shellcheck disable=SC1091
    source "$dir/env"
    "$@"
    ;;
  *) echo "usage: $0 start DIR | stop DIR | run -- CMD..." >&2; exit 2 ;;
esac
