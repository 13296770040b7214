#!/usr/bin/env bash
# verify-unit.sh: check the conclave systemd unit the way CI does.
#
#   deploy/verify-unit.sh [UNIT_FILE]        (default: deploy/conclave.service)
#
# 1. The unit keeps the deployment contract: restart policy, exit 78 not restarted, the data dir, the env file, the
#    hardening that matters, and no MemoryDenyWriteExecute (it breaks V8's JIT).
# 2. `systemd-analyze verify` accepts it, with no message about the unit itself. verify exits 0 even on unknown keys
#    or bad values (it only warns), so its output is read too. It also checks that ExecStart's binary exists: when
#    /usr/bin/node is not there (node installed under /usr/local or by nvm), a copy of the unit naming this machine's
#    node is verified instead; everything else in it is unchanged.
# 3. `systemd-analyze security --offline` (systemd >= 250) keeps the exposure score at or below 2.5 of 10.
#
# Exit status: 0 the unit is fine, 1 a check failed, 2 the tools are missing. Works as any user; changes nothing.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
unit=${1:-$here/conclave.service}
name=$(basename "$unit")
max_exposure=25   # systemd-analyze security --threshold: tenths of the 0-10 exposure level

failed=0
fail() { printf 'verify-unit: FAIL: %s\n' "$*" >&2; failed=1; }
info() { printf 'verify-unit: %s\n' "$*" >&2; }

[ -f "$unit" ] || { info "no such unit file: $unit"; exit 2; }
command -v systemd-analyze >/dev/null 2>&1 || { info "systemd-analyze not found (apt-get install systemd)"; exit 2; }

# --- 1. the contract -------------------------------------------------------------------------------------------------
# Directive lines without comments and surrounding blanks, one per line.
directives=$(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^[#;]/d' -e '/^$/d' "$unit")
has() { grep -qxF -- "$1" <<<"$directives"; }
for d in \
  'Type=notify' 'NotifyAccess=all' 'WatchdogSec=90' \
  'User=conclave' 'Group=conclave' \
  'WorkingDirectory=/opt/conclave' \
  'ExecStart=/usr/bin/node /opt/conclave/dist/src/main.js' \
  'EnvironmentFile=-/etc/conclave/conclave.env' \
  'Environment=CONCLAVE_DATA_DIR=/var/lib/conclave' \
  'StateDirectory=conclave' \
  'Restart=on-failure' 'RestartSec=5' 'RestartPreventExitStatus=78' \
  'KillSignal=SIGTERM' 'TimeoutStopSec=15' \
  'NoNewPrivileges=yes' 'ProtectSystem=strict' 'ReadWritePaths=/var/lib/conclave' 'ProtectHome=yes' \
  'PrivateTmp=yes' 'PrivateDevices=yes' 'CapabilityBoundingSet=' 'AmbientCapabilities=' \
  'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' 'UMask=0077' \
  'StandardOutput=journal' 'SyslogIdentifier=conclave'; do
  has "$d" || fail "$name lacks the line: $d"
done
if grep -qiE '^MemoryDenyWriteExecute=(yes|true|on|1)$' <<<"$directives"; then
  fail "$name sets MemoryDenyWriteExecute=yes: node's JIT needs writable+executable memory, the daemon would crash"
fi

# --- 2. systemd-analyze verify ---------------------------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/verify-unit.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

target=$unit
exec_line=$(grep -m1 -E '^ExecStart=' <<<"$directives" || true)
exe=${exec_line#ExecStart=}
exe=${exe#[-@:+!]}      # prefixes such as ExecStart=-/usr/bin/node
exe=${exe%% *}
if [ -n "$exe" ] && [ ! -x "$exe" ]; then
  node_bin=$(command -v node || true)
  if [ -n "$node_bin" ] && [ "$(basename "$exe")" = node ]; then
    node_bin=$(readlink -f "$node_bin")
    target=$tmp/$name
    sed "s#^\([[:space:]]*ExecStart=[-@:+!]*\)$exe\([[:space:]]\)#\1$node_bin\2#" "$unit" > "$target"
    info "$exe is not on this machine: verifying a copy with ExecStart=$node_bin (the rest unchanged)"
  else
    fail "ExecStart binary $exe does not exist here and no node binary to stand in for it"
  fi
fi

out=$(SYSTEMD_COLORS=0 SYSTEMD_PAGER='' systemd-analyze verify --man=no "$target" 2>&1)
rc=$?
ours=$(grep -F -- "$name" <<<"$out" || true)
others=$(grep -vF -- "$name" <<<"$out" | sed '/^$/d' || true)
[ -n "$others" ] && info "systemd-analyze verify, about other units of this machine (not ours, ignored):"$'\n'"$others"
if [ "$rc" -ne 0 ]; then
  fail "systemd-analyze verify exited $rc:"$'\n'"$out"
elif [ -n "$ours" ]; then
  fail "systemd-analyze verify warns about $name:"$'\n'"$ours"
else
  info "systemd-analyze verify $name: ok"
fi

# --- 3. exposure -----------------------------------------------------------------------------------------------------
if systemd-analyze security --help 2>/dev/null | grep -q -- '--offline'; then
  sec=$(SYSTEMD_COLORS=0 SYSTEMD_PAGER='' systemd-analyze security --offline=true --threshold=$max_exposure --no-pager "$target" 2>&1)
  src=$?
  level=$(grep -m1 'Overall exposure level' <<<"$sec" | sed 's/.*: //')
  if [ "$src" -ne 0 ]; then
    fail "systemd-analyze security: exposure ${level:-unknown} is above $((max_exposure / 10)).$((max_exposure % 10)) (see: systemd-analyze security --offline=true $unit)"
  else
    info "systemd-analyze security $name: exposure $level"
  fi
else
  info "systemd-analyze security --offline is not available (systemd < 250): exposure not checked"
fi

if [ "$failed" -ne 0 ]; then
  echo "verify-unit: $name: FAIL"
  exit 1
fi
echo "verify-unit: $name: OK"
