# Runs under Pester 5 on pwsh (Invoke-Pester tests/Pester) and under swanshell's own runner in the hosted engine.
BeforeAll {
    if (-not (Get-Module SwanShell)) { Import-Module ($env:SWANSHELL_MODULE ?? 'SwanShell') }
}

Describe 'Get-IpsecVersion' {
    BeforeAll {
        $version = Get-IpsecVersion
        $kernel = [System.IO.File]::ReadAllText('/proc/sys/kernel/osrelease').Trim()
    }

    It 'returns one SwanShell.IpsecVersion' {
        @($version) | Should -HaveCount 1
        $version | Should -BeOfType ([SwanShell.IpsecVersion])
    }

    It 'reports the running kernel as uname -r does' {
        $version.KernelVersion | Should -BeExactly $kernel
    }

    It 'shows the U/K split as ipsec --version does' {
        $version.Version | Should -Match '^U\d+\.\d+\.\d+.*/K'
        $version.Version | Should -BeExactly "U$($version.UserVersion)/K$kernel"
        "$version" | Should -Be "SwanShell $($version.Version)"
    }

    It 'names the <Property> property' -ForEach @(
        @{ Property = 'Stack'; Expected = 'XFRM' }
        @{ Property = 'Product'; Expected = 'SwanShell' }
    ) {
        $version.$Property | Should -Be $Expected
    }

    It 'answers ipsec --directory with the module folder' {
        $version.Directory | Should -Not -BeNullOrEmpty
        [System.IO.File]::Exists([System.IO.Path]::Combine($version.Directory, 'SwanShell.psd1')) | Should -BeTrue
    }

    It 'filters with Where-Object on typed properties' {
        Get-IpsecVersion | Where-Object Stack -eq 'KLIPS' | Should -BeNullOrEmpty
        Get-IpsecVersion | Where-Object Stack -eq 'XFRM' | Should -Not -BeNullOrEmpty
    }

    It 'rejects parameters it does not have' {
        { Get-IpsecVersion -Bogus } | Should -Throw -ErrorId 'NamedParameterNotFound'
    }
}
