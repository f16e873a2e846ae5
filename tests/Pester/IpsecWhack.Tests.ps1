# ipsec whack and ipsec barf as a user scripts them, against a real daemon (Memory kernel).
BeforeAll {
    if (-not (Get-Module SwanShell)) { Import-Module ($env:SWANSHELL_MODULE ?? 'SwanShell') }
}

Describe 'Direct requests and the diagnostic report' {
    BeforeAll {
        $work = [System.IO.Directory]::CreateTempSubdirectory('swanshell-pester-whack-').FullName
        $config = [System.IO.Path]::Combine($work, 'ipsec.conf')
        $secrets = [System.IO.Path]::Combine($work, 'ipsec.secrets')
        $psk = 'pester-canary-7f3e'
        [System.IO.File]::WriteAllText($secrets, "@west @east : PSK `"$psk`"`n")
        [System.IO.File]::WriteAllText($config, @"
config setup
    listen=127.0.0.1
    secretsfile=$secrets

conn site-a
    authby=secret
    left=127.0.0.1
    leftid=@west
    right=127.0.0.2
    rightid=@east
    auto=ondemand
"@)
        $at = @{ RunDirectory = [System.IO.Path]::Combine($work, 'run') }
        Invoke-IpsecSetup -Action Start @at -Config $config -KernelBackend Memory -IkePort 0 -NatTraversalPort 0 | Out-Null
    }

    AfterAll {
        Invoke-IpsecSetup -Action Stop @at -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        [System.IO.Directory]::Delete($work, $true)
    }

    It 'counts the loaded and routed connections' {
        $global = Invoke-IpsecWhack -GlobalStatus @at

        $global | Should -BeOfType ([SwanShell.IpsecGlobalStatus])
        $global.Connections | Should -Be 1
        $global.RoutedConnections | Should -Be 1
        $global.IkeSas | Should -Be 0
    }

    It 'has no traffic before a tunnel is up' {
        Invoke-IpsecWhack -TrafficStatus @at | Should -BeNullOrEmpty
    }

    It 'gives the connections as Get-IpsecStatus does' {
        (Invoke-IpsecWhack @at).Name | Should -Be (Get-IpsecStatus @at).Name
    }

    It 'refuses to delete an SA that does not exist' {
        { Invoke-IpsecWhack -DeleteState 999 @at -ErrorAction Stop } | Should -Throw -ErrorId 'StateNotFound'
    }

    It 'listens and rereads the secrets' {
        $listen = Invoke-IpsecWhack -Listen @at

        $listen.Performed | Should -BeTrue
        $listen.Secrets.Count | Should -Be 1
    }

    It 'reports the daemon and its connection without the secret' {
        $report = Get-IpsecDiagnostic @at

        $report.Service.Running | Should -BeTrue
        $report.Connections.Name | Should -Be 'site-a'
        $report.KernelState.Policies.Count | Should -BeGreaterThan 0
        $report.ToText() | Should -Not -Match $psk
    }

    It 'writes the report for a bug report' {
        $barf = [System.IO.Path]::Combine($work, 'barf.txt')

        Get-IpsecDiagnostic -Path $barf @at

        [System.IO.File]::ReadAllText($barf) | Should -Match '== connections =='
        [System.IO.File]::ReadAllText($barf) | Should -Not -Match $psk
    }

    It 'shuts the daemon down' {
        Invoke-IpsecWhack -Shutdown -Confirm:$false @at

        (Invoke-IpsecSetup -Action Status @at).Running | Should -BeFalse
    }
}
