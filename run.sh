#!/usr/bin/env bash
# The two commands of README.md:
#   ./run.sh demo   build SwanShell and run the demo (no root needed)
#   ./run.sh test   build, check formatting, lay out the module with build.ps1, run every test
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
configuration=Release
swanshell="$root/src/SwanShell.Cli/bin/$configuration/net10.0/swanshell"

build() {
    scripts/prepare.sh
    dotnet build SwanShell.sln -c "$configuration" --no-restore --verbosity quiet -nologo
}

case "${1:-}" in
demo)
    build
    exec "$swanshell" -File demo/demo.ps1
    ;;
test)
    build
    dotnet format SwanShell.sln --verify-no-changes --no-restore
    "$swanshell" -File build.ps1 -Task Package -Configuration "$configuration" -NoBuild
    exec scripts/test.sh "$configuration"
    ;;
*)
    echo "usage: ./run.sh demo|test" >&2
    exit 2
    ;;
esac
