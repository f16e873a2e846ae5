#!/usr/bin/env bash
# Installs what this project needs on a fresh Debian machine that has the .NET 10 SDK:
# the Debian packages listed in scripts/apt-packages.txt (only those missing) and the NuGet packages (restore).
#   scripts/prepare.sh              both
#   scripts/prepare.sh --packages   the Debian packages only (the interop harness calls this)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

mapfile -t wanted < <(grep -v '^\s*#' "$root/scripts/apt-packages.txt" | sed '/^\s*$/d')
missing=()
for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "prepare: installing ${missing[*]}"
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ "${1:-}" = --packages ] && exit 0

command -v dotnet >/dev/null || { echo "prepare: the .NET 10 SDK (dotnet) is not on PATH; install it first." >&2; exit 1; }
dotnet restore "$root/SwanShell.sln" --verbosity quiet
