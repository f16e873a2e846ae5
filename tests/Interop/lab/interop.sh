#!/bin/bash
# interop.sh - SwanShell against libreswan, strongSwan and itself through real kernel ESP: boots Debian's own
# kernel once under qemu TCG (the host kernel has no ESP) and runs the scenarios of guest.sh in that one boot.
# See ../README.md. Needs root. Builds nothing: build the tree (Release) first; the guest runs it over 9p.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
LAB=${SWANSHELL_LAB_DIR:-/var/tmp/swanshell-interop}
ALL_SCENARIOS="libreswan-initiator libreswan-responder strongswan-initiator strongswan-responder peer-dies-initiator peer-dies-responder ondemand nat-initiator nat-responder rekey-initiator rekey-responder"

usage() {
  cat <<EOF
usage: interop.sh [options]
  --scenarios "A B ..."  scenarios to run, in this order (default: all)
                         $ALL_SCENARIOS
  --configuration C      the build to run (default Release): src/SwanShell.Cli/bin/C/net10.0/swanshell
  --results DIR          also copy each scenario's result file to DIR (<scenario>.result)
  --vm-timeout S         hard limit for the whole VM run (default 3600)
  --scenario-timeout S   limit for one scenario (default 480)
  --prepare-only         install/extract everything, do not boot
Each scenario's result file says PASS or FAIL: reason, then its timings and checks. Exit status: 0 when every
scenario passed, 1 when one failed, 2 on a usage or preparation error. Environment: SWANSHELL_LAB_DIR (cache
and run directories, default /var/tmp/swanshell-interop), LAB_KVER, LAB_DEBIAN_MIRROR.
EOF
}

SCENARIOS=$ALL_SCENARIOS CONFIGURATION=Release RESULTS="" VM_TIMEOUT=3600 SCENARIO_TIMEOUT=480 PREPARE_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scenarios) SCENARIOS=$2; shift ;;
    --configuration) CONFIGURATION=$2; shift ;;
    --results) RESULTS=$2; shift ;;
    --vm-timeout) VM_TIMEOUT=$2; shift ;;
    --scenario-timeout) SCENARIO_TIMEOUT=$2; shift ;;
    --prepare-only) PREPARE_ONLY=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "interop.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
for s in $SCENARIOS; do
  case " $ALL_SCENARIOS " in *" $s "*) ;; *) echo "interop.sh: unknown scenario $s" >&2; exit 2 ;; esac
done

T_START=$EPOCHREALTIME
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}'; }
msg() { printf '[interop %6.1fs] %s\n' "$(elapsed "$T_START")" "$*"; }
die() { echo "interop.sh: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "must run as root (qemu's 9p export of / and the guest's view of the build)"

SWANSHELL=$ROOT/src/SwanShell.Cli/bin/$CONFIGURATION/net10.0/swanshell
[ -x "$SWANSHELL" ] || die "no build at $SWANSHELL: build first (dotnet build SwanShell.sln -c $CONFIGURATION)"

mkdir -p "$LAB"
# Preparation is shared by every tree on this machine; runs are not, so only preparing holds the lock.
exec 9>"$LAB/.prepare.lock"
flock -w 900 9 || die "another run has been preparing $LAB for 15 minutes (lock $LAB/.prepare.lock)"

# ---------------------------------------------------------------- prepare
APT_UPDATED=0
apt_update() {
  [ "$APT_UPDATED" = 0 ] || return 1
  APT_UPDATED=1
  msg "apt-get update"
  apt-get update >>"$LAB/apt.log" 2>&1
}

resolve_kver() {
  if [ -n "${LAB_KVER:-}" ]; then KVER=$LAB_KVER; return; fi
  local pkg
  pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}' || true)
  if [ -z "$pkg" ] && apt_update; then resolve_kver; return; fi
  [ -n "$pkg" ] || die "cannot resolve linux-image-amd64, see $LAB/apt.log"
  KVER=${pkg#linux-image-}
}

ensure_kernel() {
  KROOT=$LAB/kernel/$KVER
  if [ ! -e "$KROOT/.done" ]; then
    msg "downloading and extracting linux-image-$KVER"
    mkdir -p "$LAB/debs" && rm -rf "$KROOT" && mkdir -p "$KROOT"
    if ! (cd "$LAB/debs" && ls linux-image-"$KVER"_*.deb >/dev/null 2>&1 || apt-get download "linux-image-$KVER" >"$LAB/apt-download.log" 2>&1); then
      if apt_update; then resolve_kver; ensure_kernel; return; fi
      die "apt-get download linux-image-$KVER failed, see $LAB/apt-download.log"
    fi
    dpkg-deb -x "$(ls "$LAB"/debs/linux-image-"$KVER"_*.deb | tail -1)" "$KROOT/root"
    depmod -b "$KROOT/root" "$KVER"
    touch "$KROOT/.done"
  fi
  MODDIR=$KROOT/root/lib/modules/$KVER
  # The uncompressed vmlinux boots through PVH and skips the bzImage's XZ self-decompression (~3 s under TCG).
  KERNEL_IMG=$KROOT/root/boot/vmlinuz-$KVER
  if [ ! -s "$KROOT/vmlinux" ]; then
    local off
    off=$(LC_ALL=C grep -m1 -obUaP '\xFD7zXZ\x00' "$KERNEL_IMG" | cut -d: -f1) || true
    if [ -n "$off" ] && { tail -c +$((off + 1)) "$KERNEL_IMG" || true; } | xz -dc --single-stream >"$KROOT/vmlinux.tmp" 2>/dev/null &&
       readelf -n "$KROOT/vmlinux.tmp" 2>/dev/null | grep -q 'note type: (0x00000012)'; then
      mv "$KROOT/vmlinux.tmp" "$KROOT/vmlinux"
    else
      rm -f "$KROOT/vmlinux.tmp"
    fi
  fi
  [ -s "$KROOT/vmlinux" ] && KERNEL_IMG=$KROOT/vmlinux
  return 0
}

ensure_initrd() {
  local ird=$LAB/initramfs/$KVER new
  INITRD=$LAB/initrd-$KVER.cpio
  new=$( { cat "$HERE/init"; echo "$MODDIR"; } | sha256sum | cut -c1-16)
  if [ -e "$INITRD" ] && [ "$(cat "$INITRD.id" 2>/dev/null)" = "$new" ]; then return; fi
  msg "building initramfs $INITRD"
  rm -rf "$ird" && mkdir -p "$ird/bin" "$ird/mod"
  cp /bin/busybox "$ird/bin/busybox"
  install -m 755 "$HERE/init" "$ird/init"
  modprobe -a -d "$KROOT/root" -S "$KVER" --show-depends virtio_pci 9pnet_virtio 9p overlay virtio_rng |
    awk '$1=="insmod" && !seen[$2]++ {print $2}' | while read -r ko; do
      case "$ko" in
        *.ko.xz) xz -dc "$ko" >"$ird/mod/$(basename "${ko%.xz}")"; basename "${ko%.xz}" ;;
        *) cp "$ko" "$ird/mod/"; basename "$ko" ;;
      esac
    done >"$ird/mod/order"
  [ -s "$ird/mod/order" ] || die "no modules resolved for the initramfs"
  # Uncompressed: gunzip costs ~0.5 s under TCG.
  (cd "$ird" && find . | cpio -o -H newc --quiet >"$INITRD.tmp") && mv "$INITRD.tmp" "$INITRD"
  echo "$new" >"$INITRD.id"
}

ensure_strongswan_root() {
  SS_ROOT=$LAB/ss-root
  [ -e "$SS_ROOT/.done" ] && return
  msg "debootstrap bookworm + strongSwan into $SS_ROOT (once, ~1 min)"
  rm -rf "$SS_ROOT.tmp"
  local mirror=${LAB_DEBIAN_MIRROR:-$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
      grep -oE '(URIs:|^deb)[[:space:]]+[^[:space:]]+' | awk '{print $2}' | grep -E 'debian/?$' | head -n1 || true)}
  [ -n "$mirror" ] || die "no Debian mirror in the apt sources; set LAB_DEBIAN_MIRROR"
  debootstrap --variant=minbase --include=charon-systemd,strongswan-swanctl,libstrongswan-standard-plugins,iproute2 \
      bookworm "$SS_ROOT.tmp" "$mirror" >"$LAB/debootstrap.log" 2>&1 || die "debootstrap failed, see $LAB/debootstrap.log"
  rm -rf "$SS_ROOT" && mv "$SS_ROOT.tmp" "$SS_ROOT"
  touch "$SS_ROOT/.done"
}

# The guest runs a ReadyToRun copy of the build: under TCG the JIT is emulated too, and precompiled code (crossgen2,
# as "dotnet publish -p:PublishReadyToRun=true" would make it) cuts swanshell's start-up CPU to about a third.
# Kept per build (by the files' sizes and times), so a run after the same build compiles nothing.
ensure_ready_to_run() {
  local build=${SWANSHELL%/*} runtime version key crossgen f
  key=$(find "$build" -name '*.dll' -printf '%P %s %T@\n' | sort | sha256sum | cut -c1-16)
  R2R=$LAB/r2r/$key
  if [ ! -e "$R2R/.done" ]; then
    runtime=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10\./ {v=$2; d=$3} END {gsub(/[][]/, "", d); print d "/" v}')
    version=${runtime##*/}
    [ -d "$runtime" ] || die "no .NET 10 runtime found (dotnet --list-runtimes)"
    crossgen=$(dotnet nuget locals global-packages -l | sed 's/^global-packages: //')
    crossgen=${crossgen%/}/microsoft.netcore.app.crossgen2.linux-x64/$version/tools/crossgen2
    if [ ! -x "$crossgen" ]; then
      msg "restoring crossgen2 $version (NuGet)"
      mkdir -p "$LAB/crossgen2-restore"
      printf '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageDownload Include="Microsoft.NETCore.App.Crossgen2.linux-x64" Version="[%s]" /></ItemGroup>\n</Project>\n' \
        "$version" >"$LAB/crossgen2-restore/crossgen2-restore.csproj"
      dotnet restore "$LAB/crossgen2-restore/crossgen2-restore.csproj" >"$LAB/crossgen2-restore.log" 2>&1 && [ -x "$crossgen" ] ||
        die "cannot restore crossgen2 $version, see $LAB/crossgen2-restore.log"
    fi
    msg "ReadyToRun copy of $build in $R2R"
    rm -rf "$R2R" && mkdir -p "$LAB/r2r" && cp -a "$build" "$R2R"
    local refs=(-r "$runtime/" -r "$build/*.dll" -r "$build/runtimes/unix/lib/net10.0/*.dll")
    for f in "$build"/*.dll "$build"/runtimes/unix/lib/net10.0/*.dll; do
      [ -e "$f" ] || continue
      # Native or already precompiled assemblies are refused; they stay as they are.
      "$crossgen" "$f" -o "$R2R/${f#"$build"/}" "${refs[@]}" --targetos linux --targetarch x64 -O >>"$LAB/crossgen2.log" 2>&1 ||
        cp "$f" "$R2R/${f#"$build"/}"
    done
    touch "$R2R/.done"
  fi
  SWANSHELL=$R2R/swanshell
}

T_PREP=$EPOCHREALTIME
"$ROOT/scripts/prepare.sh" --packages >>"$LAB/apt.log" 2>&1 || die "installing the packages of scripts/apt-packages.txt failed, see $LAB/apt.log"
resolve_kver
ensure_kernel
ensure_initrd
SS_ROOT=""
case " $SCENARIOS " in *" strongswan-"*) ensure_strongswan_root ;; esac
ensure_ready_to_run
msg "prepared in $(elapsed "$T_PREP")s: kernel $KVER, initrd $INITRD"
flock -u 9
[ "$PREPARE_ONLY" = 1 ] && exit 0

# ---------------------------------------------------------------- run
RUN=$LAB/runs/$(date +%Y%m%d-%H%M%S)-$$
mkdir -p "$RUN/results"
ls -1d "$LAB"/runs/2*-* 2>/dev/null | sort | head -n -10 | while read -r old; do rm -rf -- "$old"; done
ls -1td "$LAB"/r2r/*/ 2>/dev/null | tail -n +4 | while read -r old; do rm -rf -- "$old"; done
cp "$HERE/guest.sh" "$HERE/agent.ps1" "$RUN/"
{
  printf 'SWANSHELL=%q\nSCENARIOS=%q\nSCENARIO_TIMEOUT=%q\nSS_ROOT=%q\n' "$SWANSHELL" "$SCENARIOS" "$SCENARIO_TIMEOUT" "$SS_ROOT"
} >"$RUN/config.env"

# shellcheck disable=SC2054  # commas are qemu option syntax
QEMU=(qemu-system-x86_64 -accel tcg -cpu max -m 3072 -smp 2
  -nodefaults -display none -serial stdio -no-reboot
  -kernel "$KERNEL_IMG" -initrd "$INITRD"
  -append "console=ttyS0 quiet panic=-1 LAB_RUN=$RUN LAB_KMOD=$MODDIR"
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
  -virtfs "local,path=$RUN,mount_tag=labrun,security_model=none,multidevs=remap"
  -device virtio-rng-pci)

QPID=""
cleanup() {
  if [ -n "$QPID" ] && kill -0 "$QPID" 2>/dev/null; then
    kill "$QPID" 2>/dev/null || true; sleep 1; kill -9 "$QPID" 2>/dev/null || true
  fi
  [ -n "${FIFO:-}" ] && rm -f "$FIFO"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

FIFO=$RUN/.console.fifo
mkfifo "$FIFO"
msg "booting the guest (qemu TCG, 2 vCPUs), run directory $RUN"
T_VM=$EPOCHREALTIME
timeout -k 5 $((VM_TIMEOUT + 30)) "${QEMU[@]}" </dev/null >"$FIFO" 2>&1 9>&- &
QPID=$!
exec 8<"$FIFO"
buf=""
while :; do
  if IFS= read -r -t 2 -u 8 part; then
    line=${buf}${part}; buf=""
    line=${line%$'\r'}
    printf '%s\n' "$line" >>"$RUN/console.log"
    case "$line" in
      "SCENARIO "*|"LAB-"*|"[guest"*) msg "${line}" ;;
    esac
  else
    rc=$?
    if [ $rc -gt 128 ]; then
      buf+=$part
      kill -0 "$QPID" 2>/dev/null || break
      if awk -v a="$T_VM" -v b="$EPOCHREALTIME" -v t="$VM_TIMEOUT" 'BEGIN{exit !(b-a>t)}'; then
        msg "VM timeout (${VM_TIMEOUT}s), killing qemu $QPID"
        kill "$QPID" 2>/dev/null || true
        break
      fi
    else
      break
    fi
  fi
done
exec 8<&-
wait "$QPID" 2>/dev/null || true
QPID=""

# ---------------------------------------------------------------- report
failed=0
echo
echo "==================== interop: kernel $KVER, guest time $(elapsed "$T_VM")s, wall $(elapsed "$T_START")s"
for s in $SCENARIOS; do
  f=$RUN/results/$s.result
  if [ ! -s "$f" ]; then
    printf 'FAIL: the guest wrote no result (see %s/console.log)\n' "$RUN" >"$f"
  fi
  [ -n "$RESULTS" ] && mkdir -p "$RESULTS" && cp "$f" "$RESULTS/$s.result"
  head -1 "$f" | grep -qx PASS || failed=$((failed + 1))
  printf '  %-24s %s\n' "$s" "$(head -1 "$f")"
done
echo "logs: $RUN/ (console.log, results/, <scenario>/ with the peers' logs and xfrm state)"
[ "$failed" = 0 ] && { echo "PASS"; exit 0; }
echo "FAIL: $failed scenario(s)"
exit 1
