#!/usr/bin/env bash
# A real single-node Elasticsearch for tests and local use: scripts/elasticsearch.sh start|stop|status
#
# 1. Fetch the integration-test distribution from Maven Central with mvn (cached in ~/.m2, so it downloads once).
# 2. Unpack it under .cache/elasticsearch/ and hand that folder to an unprivileged user (Elasticsearch refuses
#    to run as root).
# 3. Start it on 127.0.0.1:9200: single node, 1 GB heap, security off, disk watermarks off; wait until the
#    cluster is green or yellow. Logs go to .cache/elasticsearch/logs.
#
# Environment: ES_VERSION (one version instead of the list below), ES_PORT (9200), ES_JAVA_HOME (a JDK 17+),
# ES_USER (ggzy-es), ES_START_TIMEOUT (120 seconds).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="$ROOT/.cache/elasticsearch"
PORT="${ES_PORT:-9200}"
URL="http://127.0.0.1:$PORT"
ES_USER="${ES_USER:-ggzy-es}"
START_TIMEOUT="${ES_START_TIMEOUT:-120}"
# Newest first: the first one Maven Central resolves is used.
VERSIONS="${ES_VERSION:-8.19.21 8.19.20 8.19.14 8.19.8 8.18.8 8.17.10 8.15.5}"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"

log() { printf 'elasticsearch: %s\n' "$*" >&2; }

# Elasticsearch refuses to run as root: as root, it runs as ES_USER, who must be able to reach its folder. When the
# checkout sits where that user cannot (under /root, say), the folder lives in /var/tmp and .cache/elasticsearch
# links to it, so the logs are still found at .cache/elasticsearch/logs.
if [[ "$(id -u)" -eq 0 ]]; then
    if ! id "$ES_USER" >/dev/null 2>&1; then
        log "creating the unprivileged user $ES_USER"
        useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    fi
    if [[ ! -L "$CACHE" ]] && ! runuser -u "$ES_USER" -- test -x "$ROOT"; then
        outside="/var/tmp/ggzy-elasticsearch-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
        log "$ES_USER cannot reach $ROOT; keeping the node in $outside"
        mkdir -p "$outside" "$ROOT/.cache"
        if [[ -d "$CACHE" ]]; then
            cp -a "$CACHE/." "$outside/" && rm -rf "$CACHE"
        fi
        ln -s "$outside" "$CACHE"
    fi
fi
mkdir -p "$CACHE"
CACHE="$(readlink -f "$CACHE")"
PIDFILE="$CACHE/elasticsearch.pid"

healthy() {
    curl -fsS --max-time 3 "$URL/_cluster/health" 2>/dev/null | grep -Eq '"status":"(green|yellow)"'
}

answering() {
    # Any HTTP answer at all (this distribution refuses GET /, so ask for the health).
    curl -sS --max-time 3 -o /dev/null "$URL/_cluster/health" 2>/dev/null
}

running_pid() {
    local pid
    [[ -f "$PIDFILE" ]] || return 1
    pid="$(cat "$PIDFILE" 2>/dev/null)"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

java_home() {
    # A JDK this Elasticsearch accepts (17 or newer); ES_JAVA_HOME wins when set.
    if [[ -n "${ES_JAVA_HOME:-}" ]]; then
        echo "$ES_JAVA_HOME"
        return
    fi
    local java candidates=()
    if command -v update-alternatives >/dev/null; then
        mapfile -t candidates < <(update-alternatives --list java 2>/dev/null || true)
    fi
    candidates+=(/usr/lib/jvm/java-17-openjdk-amd64/bin/java /usr/lib/jvm/java-21-openjdk-amd64/bin/java)
    for java in "${candidates[@]}"; do
        [[ -x "$java" ]] || continue
        local major
        major="$("$java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1)"
        if [[ -n "$major" && "$major" -ge 17 ]]; then
            dirname "$(dirname "$java")"
            return
        fi
    done
    log "no JDK 17 or newer found; install openjdk-17-jdk-headless or set ES_JAVA_HOME"
    exit 1
}

fetch() {
    # Prints the unpacked distribution's folder, downloading and unpacking it only the first time.
    local version home zip
    for version in $VERSIONS; do
        home="$CACHE/elasticsearch-$version"
        if [[ -x "$home/bin/elasticsearch" ]]; then
            echo "$home"
            return
        fi
    done
    mkdir -p "$CACHE/download"
    for version in $VERSIONS; do
        zip="$CACHE/download/elasticsearch-$version.zip"
        if [[ ! -s "$zip" ]]; then
            log "fetching $ARTIFACT:$version:zip from Maven Central"
            if ! mvn -q -B "$DEPENDENCY_PLUGIN:copy" -Dartifact="$ARTIFACT:$version:zip" \
                -DoutputDirectory="$CACHE/download" >"$CACHE/download/mvn-$version.log" 2>&1; then
                log "version $version did not resolve (see $CACHE/download/mvn-$version.log)"
                continue
            fi
        fi
        rm -rf "$CACHE/unpack"
        mkdir -p "$CACHE/unpack"
        unzip -q "$zip" -d "$CACHE/unpack"
        rm -rf "$CACHE/elasticsearch-$version"
        mv "$CACHE/unpack/elasticsearch-$version" "$CACHE/elasticsearch-$version"
        rm -rf "$CACHE/unpack" "$zip"
        echo "$CACHE/elasticsearch-$version"
        return
    done
    log "none of $VERSIONS could be fetched"
    exit 1
}

as_user() {
    # Run a command as the unprivileged user when we are root, else as ourselves.
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u "$ES_USER" -- "$@"
    else
        "$@"
    fi
}

prepare_user() {
    [[ "$(id -u)" -eq 0 ]] || return 0
    chown -R "$ES_USER:" "$CACHE"
    if ! runuser -u "$ES_USER" -- test -r "$CACHE/logs"; then
        log "$ES_USER cannot reach $CACHE: make the folders above it readable (chmod o+x)"
        exit 1
    fi
}

last_logs() {
    log "last lines of the log:"
    tail -n 40 "$CACHE/logs/ggzy.log" "$CACHE/logs/console.log" 2>/dev/null >&2 || true
}

start() {
    if healthy; then
        log "already running at $URL"
        return
    fi
    if answering; then
        log "something already answers at $URL but the cluster is not healthy"
    fi
    local home java
    home="$(fetch)"
    java="$(java_home)"
    mkdir -p "$CACHE/data" "$CACHE/logs" "$CACHE/tmp"
    prepare_user
    local settings=(
        -Ecluster.name=ggzy
        -Enode.name=ggzy-1
        -Ediscovery.type=single-node
        -Enetwork.host=127.0.0.1
        -Ehttp.port="$PORT"
        -Epath.data="$CACHE/data"
        -Epath.logs="$CACHE/logs"
        -Ecluster.routing.allocation.disk.threshold_enabled=false
        -Eaction.destructive_requires_name=false
    )
    # Only a distribution with the security module knows this setting; an unknown setting stops the node.
    if [[ -d "$home/modules/x-pack-security" ]]; then
        settings+=(-Expack.security.enabled=false)
    fi
    log "starting $(basename "$home") at $URL (java: $java)"
    rm -f "$PIDFILE"
    if ! as_user env ES_JAVA_HOME="$java" ES_JAVA_OPTS="-Xms1g -Xmx1g" ES_TMPDIR="$CACHE/tmp" \
        "$home/bin/elasticsearch" -d -p "$PIDFILE" "${settings[@]}" >"$CACHE/logs/console.log" 2>&1; then
        log "the node did not start"
        last_logs
        exit 1
    fi
    local waited=0
    until healthy; do
        if ((waited >= START_TIMEOUT)); then
            log "not healthy after ${START_TIMEOUT}s"
            last_logs
            exit 1
        fi
        if ((waited > 5)) && ! running_pid >/dev/null; then
            log "the node exited"
            last_logs
            exit 1
        fi
        sleep 2
        waited=$((waited + 2))
    done
    log "healthy at $URL after ${waited}s"
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        log "not running"
        rm -f "$PIDFILE"
        return
    fi
    log "stopping pid $pid"
    kill "$pid"
    local waited=0
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited >= 60)); then
            log "still running after 60s; killing it"
            kill -9 "$pid" 2>/dev/null || true
        fi
        sleep 1
        waited=$((waited + 1))
    done
    rm -f "$PIDFILE"
    log "stopped"
}

status() {
    if healthy; then
        curl -fsS --max-time 3 "$URL/_cluster/health?pretty"
    else
        log "not running at $URL"
        exit 1
    fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
