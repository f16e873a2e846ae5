#!/bin/bash
# strongSwan IKEv2 SA-setup-rate anchor.
#
# Measures how many IKE_SAs per second two stock Debian bookworm charon
# daemons (charon-systemd 5.9.8 + swanctl/vici) establish between each other
# over loopback on this machine, plus CPU and memory per SA.
#
#   responder charon  127.0.0.1:500   <-- IKE_SA_INIT/IKE_AUTH -->  initiator charon 127.0.0.2:10500
#                                                                     ^ vici: driver.py keeps C "initiate"
#                                                                       requests in flight until N SAs are
#                                                                       up (counted from ike-updown events)
#
# Debian does not build strongSwan's load-tester plugin, so the initiator is a
# second charon driven through vici (reuse_ikesa = no gives one new IKE_SA per
# initiate) and no kernel SAs are involved:
#   --child none     (default) childless IKE_SAs (RFC 6023): IKE_SA only.
#   --child libipsec one CHILD_SA per IKE_SA, negotiated in IKE_AUTH and
#                    installed into kernel-libipsec (userspace ESP), because
#                    this host kernel has XFRM but no ESP.
#
# Everything runs in a private network namespace (loopback only) and in a
# Debian chroot at /tmp/ss-chroot (strongSwan conflicts with the host's
# libreswan packages).  The chroot is built with debootstrap when missing and
# kept for later runs (--purge removes it at the end).
#
# Usage: run.sh [-n N] [-c CONC] [--ids K] [-w WARMUP] [-s SCEN,...] [--child none|libipsec]
#               [--responder strongswan|libreswan] [--responder-cmd CMD] [--responder-status-cmd CMD]
#               [--initiator-cmd CMD] [--results FILE]
#               [--table-size S] [--segments G] [--loglevel L] [--max-seconds T]
#               [--wait-idle S] [--purge]
# --responder libreswan: the host's libreswan pluto answers instead of charon #1
#   (PSK scenarios only; libreswan 4.10 accepts childless IKE SAs as responder).
# --responder-cmd CMD: any responder, started as `sh -c CMD` in the namespace; it must
#   exec the daemon (so its PID is the one measured), stay in the foreground and listen
#   on 127.0.0.1:500.  Environment: SS_RESP_ADDR, SS_RESP_PORT, SS_RESP_ID, SS_REMOTE_IDS,
#   SS_PSK, SS_IKE_PROPOSAL (strongSwan syntax), SS_ESP_PROPOSAL, SS_AUTH (psk|pubkey),
#   SS_CERT_DIR (ca.pem, resp.pem, resp.key for pubkey), SS_RESP_TS, SS_INIT_TS, SS_WORKDIR.
# --responder-status-cmd CMD: run (sh -c) after the load with SS_WORKDIR of the responder hook; prints
#   key=value pairs for the RESULT line (resp_ike_sas=N, ...).
# --initiator-cmd CMD: any initiator in place of the initiator charon and driver.py, started as
#   `sh -c CMD` in the namespace with SS_RESP_PID, SS_N, SS_CONC, SS_WARM, SS_IDS, SS_MAX_SECONDS and the
#   responder's SS_* above; it does its own warm-up and prints driver.py's JSON on stdout (plus
#   resp_rss_before_kb, init_rss_before_kb, init_rss_after_kb, init_hwm_kb, since it is the initiator).
# --results FILE: also append the RESULT lines to FILE.
# --ids K: the initiator uses K identities c0..c<K-1>.ssload.test (K connections,
#   initiated round-robin; K certificates for pubkey auth), default 100.
# --wait-idle S: before each scenario wait up to S seconds (default 120) until
#   the rest of the machine uses < 10 % of one CPU; each RESULT line reports
#   other_cpu_s (CPU used by other processes during the measured window).
# Scenarios: psk-ecp256 psk-ecp256-cbc psk-modp2048 psk-x25519 ecdsa-p256 rsa2048
# Output: one "RESULT key=value ..." line per scenario (also in
#         /tmp/ss-chroot/ssload/runs/<stamp>/results.txt with all logs/configs).
# Must run as root.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
C=/tmp/ss-chroot
N=10000
CONC=16
IDS=100
WARM=20
SCENARIOS=psk-ecp256,psk-modp2048,psk-x25519,ecdsa-p256,rsa2048
CHILD=none
TABLE_SIZE=1024
TABLE_SEGMENTS=16
LOGLEVEL=0
MAX_SECONDS=300
WAIT_IDLE=120
PURGE=0
RESPONDER=strongswan
RESPONDER_CMD=
RESPONDER_STATUS_CMD=
INITIATOR_CMD=
RESULTS_FILE=
# The Debian mirror this host's apt already uses (first URIs/deb line of its sources).
apt_uri() {  # $1: pattern the URI must match, $2: pattern it must not match
    cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
        grep -oE '(URIs:|^deb)[[:space:]]+[^[:space:]]+' | awk '{print $2}' |
        grep -E "$1" | grep -vE "$2" | head -n1 || true
}
MIRROR=$(apt_uri 'debian$' 'security')
SECURITY=$(apt_uri 'debian-security$' '^$')
[ -n "$MIRROR" ] || { echo "no Debian mirror found in the apt sources" >&2; exit 1; }
[ -n "$SECURITY" ] || SECURITY="${MIRROR}-security"

usage() { sed -n '2,56p' "$0"; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        -n) N=$2; shift 2 ;;
        -c) CONC=$2; shift 2 ;;
        --ids) IDS=$2; shift 2 ;;
        -w) WARM=$2; shift 2 ;;
        -s) SCENARIOS=$2; shift 2 ;;
        --child) CHILD=$2; shift 2 ;;
        --responder) RESPONDER=$2; shift 2 ;;
        --responder-cmd) RESPONDER=cmd; RESPONDER_CMD=$2; shift 2 ;;
        --responder-status-cmd) RESPONDER_STATUS_CMD=$2; shift 2 ;;
        --initiator-cmd) INITIATOR_CMD=$2; shift 2 ;;
        --results) RESULTS_FILE=$2; shift 2 ;;
        --table-size) TABLE_SIZE=$2; shift 2 ;;
        --segments) TABLE_SEGMENTS=$2; shift 2 ;;
        --loglevel) LOGLEVEL=$2; shift 2 ;;
        --max-seconds) MAX_SECONDS=$2; shift 2 ;;
        --wait-idle) WAIT_IDLE=$2; shift 2 ;;
        --purge) PURGE=1; shift ;;
        -h|--help) usage ;;
        *) echo "unknown option $1" >&2; usage ;;
    esac
done
case "$CHILD" in none|libipsec) ;; *) echo "--child must be none or libipsec" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 2; }

NS=ssload-$$
SETUP_MOUNTS=()
cleanup() {
    local i
    for ((i=${#SETUP_MOUNTS[@]}-1; i>=0; i--)); do
        umount "${SETUP_MOUNTS[$i]}" 2>/dev/null || umount -l "${SETUP_MOUNTS[$i]}" 2>/dev/null || true
    done
    ip netns del "$NS" 2>/dev/null || true
    if [ "$PURGE" = 1 ] && [ -d "$C" ] && ! grep -q " $C/" /proc/mounts; then
        rm -rf --one-file-system "$C"
    fi
}
trap cleanup EXIT

# --- 1. chroot (once) ---------------------------------------------------------
PKGS="charon-systemd strongswan-swanctl strongswan-pki libstrongswan-standard-plugins
      libstrongswan-extra-plugins libcharon-extra-plugins python3"
if [ ! -f "$C/.ssload-ready" ]; then
    echo "setting up $C (debootstrap bookworm + strongSwan packages)..." >&2
    command -v debootstrap >/dev/null || { apt-get update -q && apt-get install -y -q debootstrap; } >&2
    [ -x "$C/usr/bin/apt-get" ] || debootstrap --variant=minbase bookworm "$C" "$MIRROR" >&2
    cat > "$C/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb $SECURITY bookworm-security main
EOF
    mount -t proc proc "$C/proc"; SETUP_MOUNTS+=("$C/proc")
    mount --bind /dev "$C/dev";   SETUP_MOUNTS+=("$C/dev")
    chroot "$C" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -ec \
        "apt-get update -q && apt-get install -y -q --no-install-recommends $(echo $PKGS)" >&2
    umount "$C/dev" "$C/proc"; SETUP_MOUNTS=()
    touch "$C/.ssload-ready"
fi
[ -x "$C/usr/sbin/charon-systemd" ] || { echo "charon-systemd missing in $C" >&2; exit 1; }

# --- 2. run directory + private network namespace -----------------------------
STAMP=$(date +%Y%m%d-%H%M%S)-$$
RUN_IN=/ssload/runs/$STAMP
mkdir -p "$C$RUN_IN" "$C/ssload/certs"
cp "$HERE/driver.py" "$C/ssload/driver.py"
ip netns add "$NS"

{
    echo "# host: $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), kernel $(uname -r)"
    echo "# strongSwan: $(chroot "$C" dpkg-query -W -f '${Package} ${Version}' charon-systemd)"
    echo "# params: n=$N conc=$CONC ids=$IDS warm=$WARM child=$CHILD table_size=$TABLE_SIZE segments=$TABLE_SEGMENTS loglevel=$LOGLEVEL"
} | tee "$C$RUN_IN/results.txt"

# --- 3. measure (inside the netns; mounts there are private and vanish) -------
rc=0
INNER=
trap '[ -n "$INNER" ] && kill -TERM "$INNER" 2>/dev/null; wait; exit 143' TERM INT HUP
ip netns exec "$NS" env \
    SS_CHROOT="$C" SS_RUN_IN="$RUN_IN" SS_N="$N" SS_CONC="$CONC" SS_WARM="$WARM" \
    SS_SCENARIOS="$SCENARIOS" SS_CHILD="$CHILD" SS_TABLE_SIZE="$TABLE_SIZE" \
    SS_TABLE_SEGMENTS="$TABLE_SEGMENTS" SS_LOGLEVEL="$LOGLEVEL" SS_MAX_SECONDS="$MAX_SECONDS" \
    SS_WAIT_IDLE="$WAIT_IDLE" SS_IDS="$IDS" SS_RESPONDER="$RESPONDER" SS_RESPONDER_CMD="$RESPONDER_CMD" \
    SS_RESPONDER_STATUS_CMD="$RESPONDER_STATUS_CMD" SS_INITIATOR_CMD="$INITIATOR_CMD" SS_RESULTS_FILE="$RESULTS_FILE" \
    bash "$HERE/inner.sh" &
INNER=$!
wait "$INNER" || rc=$?

echo "# logs and configs: $C$RUN_IN" >&2
exit $rc
