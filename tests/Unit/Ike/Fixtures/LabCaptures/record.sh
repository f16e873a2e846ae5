#!/bin/bash
# record.sh - record one IKE_SA_INIT/IKE_AUTH exchange in the kernel lab
# (/work/shared/lab) and store it as a fixture directory next to this script:
#   exchange.pcap     the IKE datagrams (UDP 500/4500) seen on west's veth, both directions
#   psk.txt           the lab's pre-shared key
#   shared-secret.hex g^ir of that run, taken from a peer's debug log
#
#   record.sh NAME [lab.sh options...]    e.g.  record.sh libreswan-to-strongswan
#                                               record.sh strongswan-to-libreswan --initiator east
#   record.sh NAME --proposals P [...]    strongSwan's IKE proposals become P (e.g. aes256-sha256-modp2048)
#   record.sh --store NAME RUNDIR         redo the copy from a finished lab run
#
# The lab is used as it is, through its hooks: west is the lab's libreswan and
# east its strongSwan, each wrapped so that west also runs tcpdump (before its
# peer starts) and charon logs its key material (ike level 4).  Only charon
# can give g^ir, so east is always strongSwan.
#
# record.sh --hook libreswan|strongswan [P]   (the wrapper itself, run by lab.sh in the guest)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_SH=${LAB_SH:-/work/shared/lab/lab.sh}

hook() {
  local peer=$1 proposals=${2:-}
  if [ "$LAB_SIDE" = west ]; then
    # started before the peer, so the first IKE_SA_INIT is not missed
    tcpdump -Z root --immediate-mode -U -n -i veth-w -w "$LAB_OUT/ike.pcap" 'udp port 500 or udp port 4500' \
      >"$LAB_OUT/tcpdump-ike.log" 2>&1 &
    for _ in $(seq 100); do grep -q 'listening on' "$LAB_OUT/tcpdump-ike.log" && break; sleep 0.1; done
  fi
  if [ "$LAB_INITIATOR" = "$LAB_SIDE" ]; then
    # a hook counts as ready once UDP 500 is bound, which charon does before
    # its connections are loaded: wait for the responder's own ready mark
    local peer_ready
    peer_ready=$(dirname "$LAB_WORKDIR")/$LAB_REMOTE_ID/ready
    for _ in $(seq 300); do [ -e "$peer_ready" ] && break; sleep 0.1; done
  fi
  case "$peer" in
    strongswan)
      # sorts after the lab's zz-lab.conf, so these levels win
      cat >"$SS_ROOT/etc/strongswan.d/zzz-capture.conf" <<'EOF'
charon-systemd {
  filelog {
    stderr {
      ike = 4
    }
  }
}
EOF
      # sorts after the lab's lab.conf; swanctl merges the two definitions of labnet
      [ -z "$proposals" ] || printf 'connections {\n  labnet {\n    proposals = %s\n  }\n}\n' "$proposals" \
        >"$SS_ROOT/etc/swanctl/conf.d/zz-capture.conf"
      exec bash "$LAB_OUT/guest.sh" --peer strongswan ;;
    libreswan)
      # pluto 4.10 never prints g^ir (its NSS keys stay opaque even with
      # plutodebug=private), so the other peer must be strongSwan
      exec bash "$LAB_OUT/guest.sh" --peer libreswan ;;
    *) echo "record.sh: unknown peer $peer" >&2; exit 2 ;;
  esac
}

# g^ir as hex: the first "shared Diffie Hellman secret" hex dump in charon's log
#   02:45:04 06[IKE] shared Diffie Hellman secret => 32 bytes @ 0x7fe89c000bb0
#   02:45:04 06[IKE]    0: FD B6 A1 3A CF 9D FB F3 52 2C 63 7E B0 85 A8 DB  ...:....R,c~....
shared_secret() {
  awk '
    /shared Diffie Hellman secret/ { want = 1; next }
    want && match($0, /\[IKE\] +[0-9]+: /) {
      line = substr($0, RSTART + RLENGTH, 47); gsub(/ /, "", line); hex = hex tolower(line); next }
    want { print hex; exit }
  ' "$1"
}

# store NAME RUNDIR: copy a finished run's capture into the fixture directory NAME
store() {
  local name=$1 run=$2 log secret
  for log in "$run/east.log" "$run/west.log"; do
    grep -q 'shared Diffie Hellman secret' "$log" 2>/dev/null && break
  done
  secret=$(shared_secret "$log")
  [ -n "$secret" ] || { echo "record.sh: no shared secret in $run/{east,west}.log" >&2; exit 1; }
  mkdir -p "$HERE/$name"
  cp "$run/ike.pcap" "$HERE/$name/exchange.pcap"
  grep -o '^PSK=.*' "$run/guest.sh" | cut -d= -f2 >"$HERE/$name/psk.txt"
  printf '%s\n' "$secret" >"$HERE/$name/shared-secret.hex"
  echo "recorded $name from $run"
}

case "${1:-}" in
  --hook) hook "${2:?peer}" "${3:-}"; exit ;;
  --store) store "${2:?name}" "${3:?run directory}"; exit ;;
esac

name=${1:?usage: record.sh NAME [--proposals P] [lab.sh options]}; shift
proposals=""
if [ "${1:-}" = --proposals ]; then proposals=$2; shift 2; fi
"$LAB_SH" "$@" \
  --west-cmd "exec bash '$HERE/record.sh' --hook libreswan" \
  --east-cmd "exec bash '$HERE/record.sh' --hook strongswan $proposals"
store "$name" "$(readlink -f "${LAB_DIR:-/tmp/lab}/runs/latest")"
