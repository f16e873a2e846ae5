# ipsec auto --add/--route/--unroute/--delete/--status as a user scripts them, against a real daemon (Memory kernel).
BeforeAll {
    if (-not (Get-Module SwanShell)) { Import-Module ($env:SWANSHELL_MODULE ?? 'SwanShell') }
}

Describe 'Connections in the daemon' {
    BeforeAll {
        $work = [System.IO.Directory]::CreateTempSubdirectory('swanshell-pester-conn-').FullName
        $config = [System.IO.Path]::Combine($work, 'ipsec.conf')
        [System.IO.File]::WriteAllText($config, @"
config setup
    listen=127.0.0.1

conn %default
    authby=secret
    left=127.0.0.1

conn site-a
    right=127.0.0.2
    rightsubnet=10.2.0.0/16
    auto=add

conn site-b
    right=127.0.0.3
    rightsubnet=10.3.0.0/16
    auto=ondemand

conn later
    right=127.0.0.4
"@)
        $at = @{ RunDirectory = [System.IO.Path]::Combine($work, 'run') }
        Invoke-IpsecSetup -Action Start @at -Config $config -KernelBackend Memory -IkePort 0 -NatTraversalPort 0 | Out-Null
    }

    AfterAll {
        Invoke-IpsecSetup -Action Stop @at -WarningAction SilentlyContinue
        [System.IO.Directory]::Delete($work, $true)
    }

    It 'loads the conns that are not auto=ignore at start' {
        (Get-IpsecStatus @at).Name | Should -Be @('site-a', 'site-b')
    }

    It 'routes auto=ondemand conns at start' {
        (Get-IpsecStatus -Name site-b @at).State | Should -Be 'Routed'
    }

    It 'adds a conn from the file and returns it' {
        $added = Add-IpsecConnection later -Config $config @at

        $added.Name | Should -Be 'later'
        $added.State | Should -Be 'Added'
    }

    It 'refuses to add a conn twice' {
        { Add-IpsecConnection site-a -Config $config @at -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectionExists'
    }

    It 'routes and unroutes through the pipeline' {
        Get-IpsecStatus -Name site-a @at | Add-IpsecRoute @at
        (Get-IpsecStatus -Name site-a @at).Routed | Should -BeTrue

        Get-IpsecStatus -Name site-a @at | Remove-IpsecRoute @at
        (Get-IpsecStatus -Name site-a @at).Routed | Should -BeFalse
    }

    It 'filters the status with Where-Object on typed properties' {
        Get-IpsecStatus @at | Where-Object State -eq Routed | ForEach-Object Name | Should -Be 'site-b'
    }

    It 'deletes a conn' {
        Remove-IpsecConnection later @at

        (Get-IpsecStatus @at).Name | Should -Not -Contain 'later'
    }

    It 'names an unknown conn in its error' {
        { Remove-IpsecConnection nosuch @at -ErrorAction Stop } | Should -Throw -ExpectedMessage "No connection named 'nosuch'*"
    }
}
