#!/bin/bash
# SwanShell's benchmarks, side by side with strongSwan in the same run (issue 9). Run as root:
#
#   bench/run.sh [--quick] [-n N] [-c C] [-s SCENARIOS] [--child] [--skip-build] [--no-handshake] [--no-scale]
#                [--no-crypto] [--crypto-job short|medium|long] [--scale-counts 100,1000,10000] [--out FILE]
#
# 1. Handshake rate, closed loop with C in flight: for each scenario, four pairs (responder <- initiator):
#    strongSwan <- strongSwan, SwanShell <- strongSwan, strongSwan <- SwanShell, SwanShell <- SwanShell, interleaved
#    so that they share the machine's load. strongswan/ (our copy of the load-test anchor) runs each pair in a private
#    network namespace, with charon 5.9.8 from a Debian chroot. Scenarios: psk-x25519, psk-ecp256, psk-modp2048
#    (PSK), ecdsa-p256, rsa2048 (certificates), childless IKE SAs; a scenario with "+child" (psk-x25519+child) brings
#    one Child SA up with each IKE SA: strongSwan installs it into kernel-libipsec (userspace ESP), SwanShell's
#    responder into its Memory kernel back end. Default: the five, and psk-x25519+child. --child: each scenario of -s
#    runs with one Child SA as well.
# 2. Control-plane scale (control-plane.ps1): daemon start to ready, Get-IpsecStatus and Add-IpsecConnection
#    with 100/1,000/10,000 conns; Get-IpsecStatus and memory per SA with as many established IKE SAs.
# 3. Crypto per SA (Crypto/, BenchmarkDotNet): key exchange, SKEYSEED and keys, AUTH.
# Then report.py writes bench/results/<date>.md with the tables and ratios.
#
# --quick: N=2,000 SAs per pair (the scale counts stay 100,1,000,10,000). The crypto runs BenchmarkDotNet's
# short job unless --crypto-job says otherwise.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
N=10000
CONC=16
SCENARIOS=psk-x25519,psk-ecp256,psk-modp2048,ecdsa-p256,rsa2048,psk-x25519+child
WITH_CHILD=0
BUILD=1 HANDSHAKE_RUN=1 SCALE=1 CRYPTO=1 QUICK=0 CRYPTO_JOB=short
SCALE_COUNTS=100,1000,10000
OUT=$HERE/results/$(date -u +%Y-%m-%d).md
usage() { sed -n '2,21p' "$0"; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1; N=2000; shift ;;
        -n) N=$2; shift 2 ;;
        -c) CONC=$2; shift 2 ;;
        -s) SCENARIOS=$2; shift 2 ;;
        --child) WITH_CHILD=1; shift ;;
        --skip-build) BUILD=0; shift ;;
        --no-handshake) HANDSHAKE_RUN=0; shift ;;
        --no-scale) SCALE=0; shift ;;
        --no-crypto) CRYPTO=0; shift ;;
        --crypto-job) CRYPTO_JOB=$2; shift 2 ;;
        --scale-counts) SCALE_COUNTS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        -h|--help) usage ;;
        *) echo "unknown option $1" >&2; usage ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "bench/run.sh: must run as root (network namespaces, the strongSwan chroot)" >&2; exit 2; }

# --- what it needs ---------------------------------------------------------------------------------
"$ROOT/scripts/prepare.sh"
command -v python3 >/dev/null || { apt-get update -q && apt-get install -y -q python3; }
BIN=bin/Release/net10.0
export SWANSHELL=$ROOT/src/SwanShell.Cli/$BIN/swanshell
# The responder daemon as a platform publish makes it: swanshell-pluto compiled ahead of time (see
# SwanShell.Daemon.csproj), beside swanshell as ReadyToRun. The cmdlets run from the build output, as ./run.sh gives
# them to users.
PUBLISHED=$ROOT/artifacts/bench-swanshell
DAEMON=$PUBLISHED/swanshell-pluto
export HANDSHAKE=$HERE/Handshake/$BIN/Handshake
if [ "$BUILD" = 1 ]; then
    for project in "$ROOT/src/SwanShell.Cli" "$HERE/Handshake" "$HERE/Crypto"; do
        dotnet build -c Release --nologo -v quiet "$project" >&2
    done
    for project in "$ROOT/src/SwanShell.Cli" "$ROOT/src/SwanShell.Daemon"; do
        dotnet publish -c Release --nologo -v quiet -r linux-x64 -o "$PUBLISHED" "$project" >&2
    done
fi

# What each part collects stays here for report.py (and for a second look).
WORK=$(mktemp -d /tmp/swanshell-bench-XXXXXX)
{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host=$(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), kernel $(uname -r)"
    echo "commit=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src bench || echo '+changes')"
    echo "dotnet=$(dotnet --version)"
    echo "params=n=$N conc=$CONC quick=$QUICK"
    echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$WORK/meta.txt"

# --- 1. handshake rate ------------------------------------------------------------------------------
if [ "$HANDSHAKE_RUN" = 1 ]; then
    IFS=',' read -r -a scen <<<"$SCENARIOS"
    if [ "$WITH_CHILD" = 1 ]; then
        for s in "${scen[@]}"; do
            if [ "${s%+child}" = "$s" ]; then scen+=("$s+child"); fi
        done
    fi
    for s in "${scen[@]}"; do
        base=${s%+child} child=none
        [ "$base" != "$s" ] && child=libipsec
        for pair in strongswan:strongswan swanshell:strongswan strongswan:swanshell swanshell:swanshell; do
            resp=${pair%%:*} init=${pair##*:}
            args=(-n "$N" -c "$CONC" -s "$base" --child "$child" --wait-idle 10 --results "$WORK/handshake.txt")
            [ "$resp" = swanshell ] && args+=(--responder-cmd "SWANSHELL=$PUBLISHED/swanshell SWANSHELL_DAEMON=$DAEMON exec $HERE/swanshell-responder.sh"
                --responder-status-cmd "$HERE/swanshell-status.sh")
            [ "$init" = swanshell ] && args+=(--initiator-cmd "exec $HERE/swanshell-initiator.sh")
            echo "== $s: $resp responder <- $init initiator" >&2
            echo "PAIR resp=$resp init=$init scenario=$base child=$child" >> "$WORK/handshake.txt"
            log=$WORK/pair-$s-$resp-$init.log
            if ! "$HERE/strongswan/run.sh" "${args[@]}" 2>&1 | tee "$log" >&2; then
                # why, for the report: the last things the anchor and the hooks said (without the chroot's pki
                # complaining about its TPM plugin at each certificate it makes)
                why=$(grep -v -i -e '^#' -e '^$' -e 'tpm' "$log" | tail -n 4 | tr -s ' \t\n' ' ')
                echo "FAILED resp=$resp init=$init scenario=$base child=$child why=${why:-no_message}" >> "$WORK/handshake.txt"
            fi
        done
    done
fi

# --- 2. control-plane scale -------------------------------------------------------------------------
if [ "$SCALE" = 1 ]; then
    echo "== control-plane scale: $SCALE_COUNTS conns" >&2
    # dotnet-gcdump weighs the daemon's managed heap before and after the SAs (it forces a full GC first).
    GCDUMP=$ROOT/artifacts/tools/dotnet-gcdump
    [ -x "$GCDUMP" ] || dotnet tool install --tool-path "$ROOT/artifacts/tools" dotnet-gcdump >&2
    # Invoke-IpsecSetup starts the daemon as shipped (the native swanshell-pluto) when there is one; the established
    # IKE SAs whose heap dotnet-gcdump weighs go into the ReadyToRun swanshell (-HeapDaemon).
    heap=()
    [ -x "$DAEMON" ] && export SWANSHELL_DAEMON=$DAEMON
    [ -x "$PUBLISHED/swanshell" ] && heap=(-HeapDaemon "$PUBLISHED/swanshell")
    "$SWANSHELL" -NoProfile -File "$HERE/control-plane.ps1" -Count "$SCALE_COUNTS" -Handshake "$HANDSHAKE" -GcDump "$GCDUMP" \
        "${heap[@]}" | tee "$WORK/scale.txt" >&2
fi

# --- 3. crypto per SA -------------------------------------------------------------------------------
if [ "$CRYPTO" = 1 ]; then
    echo "== crypto per SA (BenchmarkDotNet)" >&2
    # CPU time per operation first: on a busy machine BenchmarkDotNet's wall-clock means grow with the load.
    DOTNET_TieredCompilation=0 "$HERE/Crypto/$BIN/Crypto" cpu | tee "$WORK/crypto-cpu.txt" >&2
    (cd "$WORK" && "$HERE/Crypto/$BIN/Crypto" --filter '*' --inProcess --job "$CRYPTO_JOB" >&2)
    mkdir -p "$WORK/crypto"
    cp "$WORK"/BenchmarkDotNet.Artifacts/results/*-report.csv "$WORK/crypto/"
fi

echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$WORK/meta.txt"
mkdir -p "$(dirname "$OUT")"
python3 "$HERE/report.py" "$WORK" > "$OUT"
cat "$OUT"
echo "bench/run.sh: results in $OUT, raw data in $WORK" >&2
