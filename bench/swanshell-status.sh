#!/bin/sh
# The --responder-status-cmd hook: asks SwanShell's daemon (run directory $SS_WORKDIR/run) for its IKE SAs with
# Get-IpsecStatus, and prints how many IKE SAs are established, how many Child SAs are installed (in the Memory kernel
# back end) and how long the cmdlet took, as RESULT fields.
set -eu
: "${SWANSHELL:?}" "${SS_WORKDIR:?}"
exec "$SWANSHELL" -NoProfile -Command "
    \$null = Get-IpsecStatus -RunDirectory '$SS_WORKDIR/run'   # a first call loads the module and its types
    \$clock = [System.Diagnostics.Stopwatch]::StartNew()
    \$status = @(Get-IpsecStatus -RunDirectory '$SS_WORKDIR/run')
    \$ms = \$clock.Elapsed.TotalMilliseconds
    \$clock.Restart()
    \$where = @(Get-IpsecStatus -RunDirectory '$SS_WORKDIR/run' | Where-Object State -ne Added)
    \$whereMs = \$clock.Elapsed.TotalMilliseconds
    \$ike = 0; \$child = 0
    foreach (\$s in \$status) {
        foreach (\$sa in \$s.IkeSas) { if (\"\$(\$sa.State)\" -eq 'Established') { \$ike++ } }
        foreach (\$sa in \$s.ChildSas) { if (\$sa.State -eq 'Installed') { \$child++ } }
    }
    'resp_ike_sas={0} resp_child_sas={1} status_ms={2:F0} status_where_ms={3:F0}' -f \$ike, \$child, \$ms, \$whereMs
"
