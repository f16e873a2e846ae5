# A swanshell session that stays up in one network namespace of the interop guest and runs the harness's
# requests there (the daemon it starts inherits the namespace; Stop cleans that namespace's XFRM state).
# Starting swanshell costs about a minute under TCG; a request in a warm session, seconds.
# Protocol: the harness writes the path of a .ps1 file into the FIFO $Queue; the agent runs it with $Out set to
# "<path>.out" (lines the request Emits for the harness to check), then writes "<path>.done": 0, or 1 when it threw.
param(
    [Parameter(Mandatory)] [string] $Queue,
    [Parameter(Mandatory)] [string] $Ready
)
$ErrorActionPreference = 'Stop'

function Emit([string] $Line) { [System.IO.File]::AppendAllText($global:InteropOut, "$Line`n") }

# Load the module's cmdlets once before the first scenario needs them.
$null = Get-IpsecVersion
$null = Get-IpsecStatus -RunDirectory /run/lab/none -ErrorAction SilentlyContinue
[System.IO.File]::WriteAllText($Ready, "$PID`n")

while ($true) {
    $request = [System.IO.File]::ReadAllText($Queue).Trim()
    if ($request -eq 'exit') { break }
    if (-not $request) { continue }
    $global:InteropOut = "$request.out"
    [System.IO.File]::WriteAllText($global:InteropOut, '')
    $failed = $false
    $Host.UI.WriteLine("==== $request")
    try {
        & $request | Out-Default
    }
    catch {
        $failed = $true
        Emit "ERROR: $($_.Exception.Message)"
        $_ | Out-Default
    }
    [System.IO.File]::WriteAllText("$request.done", $(if ($failed) { '1' } else { '0' }))
}
