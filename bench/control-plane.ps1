# Control-plane scale (issue 9), run by `swanshell -File` (Core cmdlets only): for each count of conns, the time for a daemon to start
# with them all auto=add and be ready, its memory at idle, Get-IpsecStatus over them, Add-IpsecConnection of them
# all into a daemon started empty, and a single Add-IpsecConnection once they are all in (the time per operation
# must not grow with the count). Prints one "SCALE key=value ..." line per count.
param(
    # Comma-separated (swanshell -File passes text).
    [string] $Count = '100,1000,10000',
    # How many single Add-IpsecConnection calls are timed once the count is loaded.
    [int] $Singles = 10
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module SwanShell)) { Import-Module SwanShell }

function Write-Conns([string] $Path, [int] $First, [int] $Number) {
    $text = [System.Text.StringBuilder]::new()
    for ($i = $First; $i -lt $First + $Number; $i++) {
        $a = ($i -shr 16) -band 255; $b = ($i -shr 8) -band 255; $c = $i -band 255
        $null = $text.Append("conn branch$i`n    left=127.0.0.1`n    leftid=@gw.bench.test`n    leftsubnet=10.0.0.0/16`n")
        $null = $text.Append("    right=10.$(100 + $a).$b.$c`n    rightid=@branch$i.bench.test`n    rightsubnet=172.$(16 + $a % 16).$b.0/24`n")
        $null = $text.Append("    authby=secret`n    ike=aes_gcm128-sha2_256;dh31`n    esp=aes_gcm128`n    auto=add`n`n")
    }
    [System.IO.File]::AppendAllText($Path, $text.ToString())
}

function Get-Rss([int] $ProcessId) {
    foreach ($line in [System.IO.File]::ReadAllLines("/proc/$ProcessId/status")) {
        if ($line.StartsWith('VmRSS:')) { return [long]($line.Substring(6).Trim().Split(' ')[0]) }
    }
    return 0
}

function Measure-Ms([scriptblock] $Script) {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $null = & $Script
    return $clock.Elapsed.TotalMilliseconds
}

$work = [System.IO.Directory]::CreateTempSubdirectory('swanshell-scale-').FullName
try {
    $secrets = [System.IO.Path]::Combine($work, 'ipsec.secrets')
    [System.IO.File]::WriteAllText($secrets, "%any %any : PSK `"bench control plane`"`n")
    $setup = "config setup`n    listen=127.0.0.1`n    secretsfile=$secrets`n`n"
    foreach ($n in [int[]]$Count.Split(',')) {
        $full = [System.IO.Path]::Combine($work, "full-$n.conf")
        $empty = [System.IO.Path]::Combine($work, "empty-$n.conf")
        $extra = [System.IO.Path]::Combine($work, "extra-$n.conf")
        [System.IO.File]::WriteAllText($full, $setup)
        Write-Conns $full 0 $n
        [System.IO.File]::WriteAllText($empty, $setup)
        [System.IO.File]::WriteAllText($extra, $setup)
        Write-Conns $extra $n $Singles
        $run = @{ RunDirectory = [System.IO.Path]::Combine($work, "run-$n") }
        $daemon = @{ KernelBackend = 'Memory'; IkePort = 0; NatTraversalPort = 0; TimeoutSec = 300 }

        # Start to ready: Invoke-IpsecSetup returns once the daemon answers with its conns loaded.
        $startMs = Measure-Ms { Invoke-IpsecSetup -Action Start @run @daemon -Config $full }
        $status = Invoke-IpsecSetup -Action Status @run
        [System.GC]::Collect()
        [System.Threading.Thread]::Sleep(500)
        $idleKb = Get-Rss $status.ProcessId
        $loaded = @(Get-IpsecStatus @run).Count
        $statusMs = Measure-Ms { Get-IpsecStatus @run }
        $whereMs = Measure-Ms { Get-IpsecStatus @run | Where-Object State -eq Added }
        $null = Invoke-IpsecSetup -Action Stop @run

        # Add-IpsecConnection of all N into a daemon started empty, then single adds with N loaded.
        $null = Invoke-IpsecSetup -Action Start @run @daemon -Config $empty
        $emptyKb = Get-Rss (Invoke-IpsecSetup -Action Status @run).ProcessId
        $addMs = Measure-Ms { Add-IpsecConnection -AllConnections -Config $full @run }
        $singleMs = @()
        for ($i = $n; $i -lt $n + $Singles; $i++) {
            $singleMs += Measure-Ms { Add-IpsecConnection "branch$i" -Config $extra @run }
        }
        $added = @(Get-IpsecStatus @run).Count
        $null = Invoke-IpsecSetup -Action Stop @run
        if ($loaded -ne $n -or $added -ne $n + $Singles) {
            throw "expected $n conns loaded and $($n + $Singles) added, found $loaded and $added"
        }

        $single = 0.0; foreach ($ms in $singleMs) { $single += $ms / $singleMs.Count }
        'SCALE count={0} start_ready_ms={1:F0} idle_rss_kb={2} empty_idle_rss_kb={3} status_ms={4:F0} status_where_ms={5:F0} add_all_ms={6:F0} add_one_ms={7:F1}' -f `
            $n, $startMs, $idleKb, $emptyKb, $statusMs, $whereMs, $addMs, $single
    }
}
finally {
    foreach ($dir in [System.IO.Directory]::GetDirectories($work, 'run-*')) {
        $null = Invoke-IpsecSetup -Action Stop -RunDirectory $dir -ErrorAction SilentlyContinue
    }
    [System.IO.Directory]::Delete($work, $true)
}
