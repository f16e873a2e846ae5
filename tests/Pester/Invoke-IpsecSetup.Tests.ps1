BeforeAll {
    if (-not (Get-Module SwanShell)) {
        Import-Module ($env:SWANSHELL_MODULE ?? 'SwanShell')
    }
}

Describe 'Invoke-IpsecSetup' {
    BeforeEach {
        $run = [System.IO.Directory]::CreateTempSubdirectory('swanshell-pester-').FullName
        $setup = @{ RunDirectory = $run; KernelBackend = 'Memory'; IkePort = 0; NatTraversalPort = 0 }
    }

    AfterEach {
        Invoke-IpsecSetup -Action Stop @setup -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        [System.IO.Directory]::Delete($run, $true)
    }

    It 'starts the daemon and reports it running and healthy' {
        $started = Invoke-IpsecSetup -Action Start @setup

        $started.Running | Should -BeTrue
        $started.IsHealthy | Should -BeTrue
        $started.ProcessId | Should -Be $started.LockFileProcessId
        "$started" | Should -Be "IPsec running, pluto pid $($started.ProcessId)"
    }

    It 'reports a stopped system as stopped' {
        $status = Invoke-IpsecSetup -Action Status @setup

        $status.Running | Should -BeFalse
        "$status" | Should -Be 'IPsec stopped'
    }

    It 'refuses to start a second daemon in the same run directory' {
        Invoke-IpsecSetup -Action Start @setup

        { Invoke-IpsecSetup -Action Start @setup -ErrorAction Stop } | Should -Throw -ErrorId 'DaemonStartFailed,SwanShell.Commands.InvokeIpsecSetupCommand'
    }

    It 'fails to stop what is not running' {
        { Invoke-IpsecSetup -Action Stop @setup -ErrorAction Stop } | Should -Throw -ExpectedMessage '*not running*'
    }

    It 'starts nothing with -WhatIf' {
        Invoke-IpsecSetup -Action Start @setup -WhatIf

        (Invoke-IpsecSetup -Action Status @setup).Running | Should -BeFalse
    }
}
