# The SwanShell demo, run by `./run.sh demo` inside swanshell (or by pwsh with the module installed).
# Two SwanShell daemons on one machine, west on 127.0.0.1 and east on 127.0.0.2, each with the Memory kernel
# back end (an in-process model of XFRM), bring up an IKEv2 tunnel with a pre-shared key. No root, no network.
param(
    # UDP port both daemons use for IKE on their own address; NAT-T goes to the next one down.
    [int] $Port = 15500
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module SwanShell)) { Import-Module SwanShell }

function Show([string] $Title) { $Host.UI.WriteLine(''); $Host.UI.WriteLine("== $Title") }

$work = [System.IO.Directory]::CreateTempSubdirectory('swanshell-demo-').FullName
$secrets = [System.IO.Path]::Combine($work, 'ipsec.secrets')
[System.IO.File]::WriteAllText($secrets, "@west @east : PSK `"a demo secret: use your own`"`n")
$sides = @{ west = '127.0.0.1'; east = '127.0.0.2' }
foreach ($side in 'west', 'east') {
    # The same conn on both sides, as libreswan users write it; listen= tells each daemon which end it is.
    [System.IO.File]::WriteAllText([System.IO.Path]::Combine($work, "$side.conf"), @"
config setup
    listen=$($sides[$side])
    secretsfile=$secrets

conn demo
    left=127.0.0.1
    leftid=@west
    leftsubnet=10.1.0.0/16
    leftikeport=$Port
    right=127.0.0.2
    rightid=@east
    rightsubnet=10.2.0.0/16
    rightikeport=$Port
    authby=secret
    ike=aes_gcm256-sha2_256;dh31
    esp=aes_gcm256
    auto=add
"@)
}

$west = @{ RunDirectory = [System.IO.Path]::Combine($work, 'west') }
$east = @{ RunDirectory = [System.IO.Path]::Combine($work, 'east') }
try {
    Show 'ipsec setup start, twice: two daemons with the Memory kernel back end'
    foreach ($side in 'west', 'east') {
        $at = if ($side -eq 'west') { $west } else { $east }
        Invoke-IpsecSetup -Action Start @at -Config ([System.IO.Path]::Combine($work, "$side.conf")) -KernelBackend Memory -IkePort $Port -NatTraversalPort ($Port - 1) | Out-Default
    }

    Show 'ipsec auto --status on west: the conn is loaded (auto=add)'
    Get-IpsecStatus @west | Out-Default

    Show 'ipsec auto --showonly --up demo'
    Start-IpsecConnection demo @west -WhatIf

    Show 'ipsec auto --up demo: IKE_SA_INIT, IKE_AUTH, Child SA into the kernel'
    Start-IpsecConnection demo @west | Out-Default

    Show 'Both sides: Get-IpsecStatus | Where-Object State -eq Established'
    Get-IpsecStatus @west | Where-Object State -eq Established | Out-Default
    Get-IpsecStatus @east | Where-Object State -eq Established | Out-Default

    Show 'The IKE SAs (negotiated algorithms, SPIs) on west and east'
    (Get-IpsecStatus @west).IkeSas | Out-Default
    (Get-IpsecStatus @east).IkeSas | Out-Default

    Show 'The Child SAs (ESP SPIs in the Memory kernel) on west'
    (Get-IpsecStatus @west).ChildSas | Out-Default

    Show 'ipsec auto --down demo'
    Stop-IpsecConnection demo @west -Verbose
    Get-IpsecStatus @west | Out-Default
}
finally {
    Show 'ipsec setup stop, twice'
    Invoke-IpsecSetup -Action Stop @west
    Invoke-IpsecSetup -Action Stop @east
    [System.IO.Directory]::Delete($work, $true)
}
