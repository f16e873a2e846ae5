# Control-plane scale (issue 9), run by `swanshell -File` (Core cmdlets only): for each count of conns, the time for a daemon to start
# with them all auto=add and be ready, its memory at idle, Get-IpsecStatus over them, Add-IpsecConnection of them
# all into a daemon started empty, and a single Add-IpsecConnection once they are all in (the time per operation
# must not grow with the count). Prints one "SCALE key=value ..." line per count. With -Handshake, also brings up
# that many IKE SAs (bench/Handshake as the initiator) into a responder daemon and prints one "SAS ..." line per
# count: Get-IpsecStatus over them and the daemon's memory per SA (RSS, and the managed heap with -GcDump).
# Then brings up that many tunnels (IKE SA and Child SA each) between two daemons with `Start-IpsecConnection -AsJob`
# and prints one "UP ..." line per count.
# Each operation is timed on the wall clock and in CPU time (the daemon's from /proc, the cmdlet's process's own):
# on a machine shared with other work the wall clock mostly measures the load, the CPU time what we spend.
param(
    # Comma-separated (swanshell -File passes text).
    [string] $Count = '100,1000,10000',
    # How many single Add-IpsecConnection calls are timed once the count is loaded.
    [int] $Singles = 10,
    # bench/Handshake's executable; without it no SAs are brought up.
    [string] $Handshake,
    # dotnet-gcdump's executable, to weigh the daemon's managed heap before and after the SAs.
    [string] $GcDump,
    # The daemon executable for the established IKE SAs when -GcDump weighs its heap: a natively compiled daemon has no
    # heap to dump, so run.sh gives the ReadyToRun swanshell here (the same objects per SA).
    [string] $HeapDaemon
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

# utime + stime of a process, in ms (USER_HZ is 100 on Linux).
function Get-CpuMs([int] $ProcessId) {
    $stat = [System.IO.File]::ReadAllText("/proc/$ProcessId/stat")
    $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
    return ([long]$fields[11] + [long]$fields[12]) * 10
}

# Wall-clock ms, the daemon's CPU ms and this process's CPU ms of one run of a script block.
function Measure-Operation([int] $DaemonId, [scriptblock] $Script) {
    $self = [System.Diagnostics.Process]::GetCurrentProcess()
    $daemon0 = Get-CpuMs $DaemonId
    $client0 = $self.TotalProcessorTime.TotalMilliseconds
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $null = & $Script
    $ms = $clock.Elapsed.TotalMilliseconds
    $self.Refresh()
    return [pscustomobject]@{ Ms = $ms; DaemonCpuMs = (Get-CpuMs $DaemonId) - $daemon0; ClientCpuMs = $self.TotalProcessorTime.TotalMilliseconds - $client0 }
}

function Get-FreeUdpPort {
    $socket = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
    try { return $socket.Client.LocalEndPoint.Port } finally { $socket.Dispose() }
}

# The managed heap of a process after a full GC (dotnet-gcdump forces one), in bytes.
function Get-HeapBytes([int] $ProcessId, [string] $Dump) {
    $null = & $GcDump collect -p $ProcessId -o $Dump 2>&1
    foreach ($line in (& $GcDump report $Dump 2>&1)) {
        if ($line -match '^\s*([\d,]+)\s+GC Heap bytes') { return [long]($Matches[1] -replace ',', '') }
    }
    throw "dotnet-gcdump report of $Dump has no heap size"
}

# N tunnels from a daemon on 127.0.0.2 with N conns to one on 127.0.0.1 with a single `right=%any` conn (the Memory
# kernel back end on both): `Start-IpsecConnection -AsJob` of them all, until the job ends.
function Measure-AsJob([int] $N, [string] $Dir) {
    $secrets = [System.IO.Path]::Combine($Dir, 'up.secrets')
    [System.IO.File]::WriteAllText($secrets, "@hub.bench.test %any : PSK `"bench control plane up`"`n")
    $setup = "config setup`n    secretsfile=$secrets`n    ddos-mode=unlimited`n    max-halfopen-ike=1000000`n    uniqueids=no`n"
    $proposals = "    authby=secret`n    ike=aes_gcm128-sha2_256;dh31`n    esp=aes_gcm128`n    auto=add`n`n"
    $hubConf = [System.IO.Path]::Combine($Dir, 'hub.conf')
    [System.IO.File]::WriteAllText($hubConf, "$setup    listen=127.0.0.1`n`nconn hub`n    left=127.0.0.1`n    leftid=@hub.bench.test`n" +
        "    leftsubnet=10.0.0.0/16`n    right=%any`n    rightid=%any`n    rightsubnet=172.16.0.0/12`n$proposals")
    $port = Get-FreeUdpPort
    $nat = Get-FreeUdpPort
    $spokes = [System.Text.StringBuilder]::new("$setup    listen=127.0.0.2`n`n")
    for ($i = 0; $i -lt $N; $i++) {
        $null = $spokes.Append("conn spoke$i`n    left=127.0.0.2`n    leftid=@spoke$i.bench.test`n    leftsubnet=172.$(16 + ($i -shr 16) % 16).$(($i -shr 8) -band 255).$($i -band 255)/32`n")
        $null = $spokes.Append("    right=127.0.0.1`n    rightikeport=$port`n    rightid=@hub.bench.test`n    rightsubnet=10.0.0.0/16`n$proposals")
    }
    $spokesConf = [System.IO.Path]::Combine($Dir, 'spokes.conf')
    [System.IO.File]::WriteAllText($spokesConf, $spokes.ToString())
    $hub = @{ RunDirectory = [System.IO.Path]::Combine($Dir, 'run-hub') }
    $spoke = @{ RunDirectory = [System.IO.Path]::Combine($Dir, 'run-spokes') }
    $daemon = @{ KernelBackend = 'Memory'; IkePort = $port; NatTraversalPort = $nat; TimeoutSec = 300 }
    $null = Invoke-IpsecSetup -Action Start @hub @daemon -Config $hubConf
    $null = Invoke-IpsecSetup -Action Start @spoke @daemon -Config $spokesConf
    try {
        $hubId = (Invoke-IpsecSetup -Action Status @hub).ProcessId
        $spokeId = (Invoke-IpsecSetup -Action Status @spoke).ProcessId
        $names = @(Get-IpsecStatus @spoke | ForEach-Object Name)
        $hub0 = Get-CpuMs $hubId
        $started = @{}   # set inside the script block, which has its own scope
        $up = Measure-Operation $spokeId { $started.Job = Start-IpsecConnection -Name $names -AsJob @spoke; $null = Wait-Job $started.Job -Timeout 600 }
        $hubCpuMs = (Get-CpuMs $hubId) - $hub0
        $job = $started.Job
        $established = @(Get-IpsecStatus @spoke | Where-Object State -eq Established).Count
        $childSas = 0
        foreach ($c in Get-IpsecStatus @hub) { $childSas += $c.ChildSas.Count }
        if ($job.State -ne 'Completed' -or $established -ne $N -or $childSas -ne $N) {
            throw "-AsJob: job $($job.State) ($($job.StatusMessage)), $established of $N conns established, the hub holds $childSas Child SAs"
        }
        Remove-Job $job
        return [pscustomobject]@{ Ms = $up.Ms; SpokeCpuMs = $up.DaemonCpuMs; HubCpuMs = $hubCpuMs; ClientCpuMs = $up.ClientCpuMs }
    }
    finally {
        $null = Invoke-IpsecSetup -Action Stop @spoke
        $null = Invoke-IpsecSetup -Action Stop @hub
    }
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
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $null = Invoke-IpsecSetup -Action Start @run @daemon -Config $full
        $startMs = $clock.Elapsed.TotalMilliseconds
        $daemonId = (Invoke-IpsecSetup -Action Status @run).ProcessId
        $startCpuMs = Get-CpuMs $daemonId
        [System.GC]::Collect()
        [System.Threading.Thread]::Sleep(500)
        $idleKb = Get-Rss $daemonId
        $loaded = @(Get-IpsecStatus @run).Count
        $status = Measure-Operation $daemonId { Get-IpsecStatus @run }
        $where = Measure-Operation $daemonId { Get-IpsecStatus @run | Where-Object State -eq Added }
        $null = Invoke-IpsecSetup -Action Stop @run

        # Add-IpsecConnection of all N into a daemon started empty, then single adds with N loaded.
        $null = Invoke-IpsecSetup -Action Start @run @daemon -Config $empty
        $daemonId = (Invoke-IpsecSetup -Action Status @run).ProcessId
        $emptyKb = Get-Rss $daemonId
        $add = Measure-Operation $daemonId { Add-IpsecConnection -AllConnections -Config $full @run }
        # The runtime's own work after that burst (tiered recompilation, a full GC) is not the cost of one add.
        [System.Threading.Thread]::Sleep(2000)
        $timings = for ($i = $n; $i -lt $n + $Singles; $i++) {
            Measure-Operation $daemonId { Add-IpsecConnection "branch$i" -Config $extra @run }
        }
        $added = @(Get-IpsecStatus @run).Count
        $null = Invoke-IpsecSetup -Action Stop @run
        if ($loaded -ne $n -or $added -ne $n + $Singles) {
            throw "expected $n conns loaded and $($n + $Singles) added, found $loaded and $added"
        }

        $one = [pscustomobject]@{ Ms = 0.0; DaemonCpuMs = 0.0; ClientCpuMs = 0.0 }
        foreach ($single in $timings) {
            foreach ($key in 'Ms', 'DaemonCpuMs', 'ClientCpuMs') { $one.$key += $single.$key / $Singles }
        }
        ('SCALE count={0} start_ready_ms={1:F0} start_daemon_cpu_ms={2} idle_rss_kb={3} empty_idle_rss_kb={4} ' +
            'status_ms={5:F0} status_daemon_cpu_ms={6} status_client_cpu_ms={7:F0} status_where_ms={8:F0} ' +
            'add_all_ms={9:F0} add_all_daemon_cpu_ms={10} add_all_client_cpu_ms={11:F0} ' +
            'add_one_ms={12:F1} add_one_daemon_cpu_ms={13:F1} add_one_client_cpu_ms={14:F1}') -f `
            $n, $startMs, $startCpuMs, $idleKb, $emptyKb, $status.Ms, $status.DaemonCpuMs, $status.ClientCpuMs, $where.Ms, `
            $add.Ms, $add.DaemonCpuMs, $add.ClientCpuMs, $one.Ms, $one.DaemonCpuMs, $one.ClientCpuMs

        if ($Handshake) {
            # N established IKE SAs (childless, PSK, Curve25519) in a responder daemon, as swanshell-responder.sh sets it up.
            $respConf = [System.IO.Path]::Combine($work, "responder-$n.conf")
            $respSecrets = [System.IO.Path]::Combine($work, "responder-$n.secrets")
            $psk = 'bench control plane responder'
            [System.IO.File]::WriteAllText($respSecrets, "@resp.ssload.test %any : PSK `"$psk`"`n")
            [System.IO.File]::WriteAllText($respConf, ("config setup`n    listen=127.0.0.1`n    secretsfile=$respSecrets`n    ddos-mode=unlimited`n" +
                "    max-halfopen-ike=1000000`n    uniqueids=no`n`nconn resp`n    left=127.0.0.1`n    leftid=@resp.ssload.test`n" +
                "    leftsubnet=127.0.2.1/32`n    right=%any`n    rightid=%any`n    rightsubnet=127.0.1.1/32`n    authby=secret`n" +
                "    ike=aes_gcm128-sha2_256;dh31`n    esp=aes_gcm128`n    auto=add`n"))
            $port = Get-FreeUdpPort
            $daemonExecutable = $env:SWANSHELL_DAEMON
            if ($GcDump -and $HeapDaemon) { $env:SWANSHELL_DAEMON = $HeapDaemon }
            try {
                $null = Invoke-IpsecSetup -Action Start @run -KernelBackend Memory -IkePort $port -NatTraversalPort (Get-FreeUdpPort) -TimeoutSec 300 -Config $respConf
            } finally {
                $env:SWANSHELL_DAEMON = $daemonExecutable
            }
            $daemonId = (Invoke-IpsecSetup -Action Status @run).ProcessId
            $load = @('--remote', "127.0.0.1:$port", '--local', "127.0.0.2:$(Get-FreeUdpPort)", '--psk', $psk, '--group', 'x25519', '--resp-pid', $daemonId)
            # A first round brings the daemon's code paths and buffers in, so that what follows is the cost of the SAs alone.
            $warm = [System.Math]::Min(20, $n)
            $null = & $Handshake @load -n $warm -c 2 -w 0 --ids 3
            $heapBefore = if ($GcDump) { Get-HeapBytes $daemonId ([System.IO.Path]::Combine($work, "before-$n.gcdump")) } else { 0 }
            $rssBefore = Get-Rss $daemonId
            $json = (& $Handshake @load -n $n -c 16 -w 0 --ids 100) -join "`n"
            $result = [System.Text.Json.JsonDocument]::Parse($json).RootElement
            if ($result.GetProperty('ok').GetInt32() -ne $n) { throw "the responder took fewer than $n IKE SAs: $json" }
            $heapAfter = if ($GcDump) { Get-HeapBytes $daemonId ([System.IO.Path]::Combine($work, "after-$n.gcdump")) } else { 0 }
            [System.Threading.Thread]::Sleep(500)
            $rssAfter = Get-Rss $daemonId
            $null = @(Get-IpsecStatus @run)
            $established = @{ Count = 0 }   # counted inside the script block, which has its own scope
            $status = Measure-Operation $daemonId { foreach ($c in Get-IpsecStatus @run) { foreach ($sa in $c.IkeSas) { if ($sa.State -eq 'Established') { $established.Count++ } } } }
            $where = Measure-Operation $daemonId { Get-IpsecStatus @run | Where-Object State -ne Added }
            $null = Invoke-IpsecSetup -Action Stop @run
            if ($established.Count -ne $n + $warm) { throw "expected $($n + $warm) established IKE SAs, Get-IpsecStatus found $($established.Count)" }
            ('SAS count={0} sas_per_s={1} daemon_cpu_ms_per_sa={2:F3} rss_per_sa_b={3:F0} heap_per_sa_b={4} ' +
                'status_ms={5:F0} status_daemon_cpu_ms={6} status_client_cpu_ms={7:F0} status_where_ms={8:F0}') -f `
                $n, $result.GetProperty('sas_per_s').GetDouble(), ($result.GetProperty('cpu_s').GetProperty('resp').GetDouble() * 1000 / $n), (($rssAfter - $rssBefore) * 1024 / $n),
                $(if ($GcDump) { '{0:F0}' -f (($heapAfter - $heapBefore) / $n) } else { 'not-measured' }),
                $status.Ms, $status.DaemonCpuMs, $status.ClientCpuMs, $where.Ms
        }

        $up = Measure-AsJob $n ([System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($work, "up-$n")).FullName)
        'UP count={0} up_ms={1:F0} tunnels_per_s={2:F0} initiator_cpu_ms={3} responder_cpu_ms={4} client_cpu_ms={5:F0}' -f `
            $n, $up.Ms, ($n * 1000 / $up.Ms), $up.SpokeCpuMs, $up.HubCpuMs, $up.ClientCpuMs
    }
}
finally {
    foreach ($dir in [System.IO.Directory]::GetDirectories($work, 'run-*')) {
        $null = Invoke-IpsecSetup -Action Stop -RunDirectory $dir -ErrorAction SilentlyContinue
    }
    [System.IO.Directory]::Delete($work, $true)
}
