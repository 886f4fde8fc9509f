#!/usr/bin/env bash
# pcscd for the smart-card integration tests, without systemd: Debian's pcscd in the foreground
# (-f) with APDU and debug logging, started in the background and detached from the caller.
# With vsmartcard-vpcd installed its virtual readers come up too, and the virtual card
# (tests/fixtures/vcard, madoguchi-vcard) connects to the first one on 127.0.0.1:35963.
#   pcscd-test.sh start DIR     stops any running pcscd, starts one; DIR/pcscd.log, DIR/pcscd.pid
#   pcscd-test.sh stop DIR      stops it (and any other pcscd) and waits until it is gone
#   pcscd-test.sh restart DIR   stop + start
# pcscd has one socket per machine (/run/pcscd/pcscd.comm), so there is one test pcscd at a time.
set -euo pipefail
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop|restart DIR" >&2
  exit 2
fi

socket=/run/pcscd/pcscd.comm
vpcd_conf=/etc/reader.conf.d/vpcd
vpcd_port=35963 # CHANNELID 0x8C7B in $vpcd_conf

# A process that exists and is not a zombie (pid 1 in a container may never reap it).
alive() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

pcscd_pids() {
  local pid
  for pid in $(pgrep -x pcscd || true); do
    if alive "$pid"; then echo "$pid"; fi
  done
}

# TCP port listening on any address (from /proc: no client connection to vpcd's port, which
# vpcd would take for a card).
listening() {
  local hex
  hex=$(printf '%04X' "$1")
  awk -v p=":$hex" 'NR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { found = 1 }
                    END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

stop_pcscd() {
  # A pcscd under systemd (socket activation) would be started again at once.
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl stop pcscd.socket pcscd.service >/dev/null 2>&1 || true
  fi
  local pids
  pids=$(pcscd_pids)
  if [ -n "$pids" ]; then
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 1 50); do
      pids=$(pcscd_pids)
      [ -z "$pids" ] && break
      sleep 0.1
    done
    if [ -n "$pids" ]; then
      # shellcheck disable=SC2086
      kill -KILL $pids 2>/dev/null || true
      for _ in $(seq 1 50); do
        [ -z "$(pcscd_pids)" ] && break
        sleep 0.1
      done
    fi
  fi
  if [ -n "$(pcscd_pids)" ]; then
    echo "pcscd-test: pcscd does not stop" >&2
    return 1
  fi
  # A killed pcscd leaves its socket and pid file behind.
  rm -f "$socket" /run/pcscd/pcscd.pid "$dir/pcscd.pid"
}

start_pcscd() {
  command -v pcscd >/dev/null 2>&1 || {
    echo "pcscd-test: pcscd not found: apt-get install pcscd" >&2
    return 1
  }
  stop_pcscd
  : >"$dir/pcscd.log"
  # -f: foreground (logs to stdout), -a: APDUs, -d: debug messages. setsid detaches it from the
  # caller's session and stdin/stdout/stderr from the caller's pipes (CTest waits for them).
  setsid pcscd -f -a -d </dev/null >>"$dir/pcscd.log" 2>&1 &
  local pid=$!
  # Without job control setsid execs pcscd in place; if it forked, find the child.
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != pcscd ]; then
    sleep 0.2
    pid=$(pgrep -n -x pcscd || echo "$pid")
  fi
  echo "$pid" >"$dir/pcscd.pid"
  for _ in $(seq 1 100); do
    if ! alive "$pid"; then
      echo "pcscd-test: pcscd exited; log:" >&2
      tail -n 30 "$dir/pcscd.log" >&2
      return 1
    fi
    if [ -S "$socket" ] && { [ ! -f "$vpcd_conf" ] || listening "$vpcd_port"; }; then
      if [ -f "$vpcd_conf" ]; then
        echo "pcscd-test: pcscd $pid running, vpcd listening on port $vpcd_port"
      else
        echo "pcscd-test: pcscd $pid running (vsmartcard-vpcd not installed: no virtual reader)"
      fi
      return 0
    fi
    sleep 0.1
  done
  echo "pcscd-test: pcscd did not come up within 10 s; log:" >&2
  tail -n 30 "$dir/pcscd.log" >&2
  return 1
}

mkdir -p "$dir"
case "$cmd" in
start | restart)
  start_pcscd
  ;;
stop)
  stop_pcscd
  echo "pcscd-test: pcscd stopped"
  ;;
*)
  echo "usage: $0 start|stop|restart DIR" >&2
  exit 2
  ;;
esac
