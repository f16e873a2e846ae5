# Runs under Pester 5 on pwsh (Invoke-Pester tests/Pester) and under swanshell's own runner in the hosted engine.
BeforeAll {
    if (-not (Get-Module SwanShell)) { Import-Module ($env:SWANSHELL_MODULE ?? 'SwanShell') }

    # A staging copy of /etc, as an operator would check it before installing it.
    $root = [System.IO.Directory]::CreateTempSubdirectory('swanshell-pester-').FullName
    $null = [System.IO.Directory]::CreateDirectory("$root/etc/ipsec.d")
    [System.IO.File]::WriteAllText("$root/etc/ipsec.conf", "config setup`n`tuniqueids=yes`n`nconn %default`n`tauthby=secret`n`ninclude /etc/ipsec.d/*.conf`n")
    [System.IO.File]::WriteAllText("$root/etc/ipsec.d/west.conf", "conn west`n`tleft=192.0.2.1`n`tleftid=@gw`n`tright=192.0.2.10`n`trightid=@west`n`tauto=start`n")
    [System.IO.File]::WriteAllText("$root/etc/ipsec.d/east.conf", "conn east`n`tleft=192.0.2.1`n`tleftid=@gw`n`tright=192.0.2.20`n`trightid=@east`n`tauto=add`n")
    [System.IO.File]::WriteAllText("$root/etc/ipsec.secrets", "@gw %any : PSK `"correct horse battery staple`"`n")
}

AfterAll {
    [System.IO.Directory]::Delete($root, $true)
}

Describe 'Test-IpsecConfiguration' {
    It 'finds nothing wrong in a good configuration' {
        Test-IpsecConfiguration -RootDirectory $root | Should -BeNullOrEmpty
        Test-IpsecConfiguration -RootDirectory $root -Quiet | Should -BeTrue
    }

    It 'names the file, line and column of a typo, and the keyword meant' {
        [System.IO.File]::WriteAllText("$root/etc/ipsec.d/typo.conf", "conn typo`n`tleft=192.0.2.1`n`tright=192.0.2.30`n`tleftsubent=10.0.0.0/8`n")
        try {
            $problem = Test-IpsecConfiguration -RootDirectory $root
            $problem | Should -HaveCount 1
            $problem.Text | Should -BeExactly "ipsec.d/typo.conf:4:2: unknown keyword 'leftsubent'; did you mean 'leftsubnet'?"
            Test-IpsecConfiguration -RootDirectory $root -Quiet | Should -BeFalse
        }
        finally {
            [System.IO.File]::Delete("$root/etc/ipsec.d/typo.conf")
        }
    }
}

Describe 'Get-IpsecConnection' {
    It 'returns the conns of every included file' {
        (Get-IpsecConnection -RootDirectory $root).Name | Should -Be @('east', 'west')
    }

    It 'filters on typed properties' {
        (Get-IpsecConnection -RootDirectory $root | Where-Object Auto -eq Start).Name | Should -BeExactly 'west'
    }
}
