# Known outcomes for MiniPesterTests: every Should operator passing and failing, setup scoping,
# data-driven Its, skips and setup failures. Not a *.Tests.ps1 file: its failures are deliberate.
Describe 'Should' {
    It 'Be passes' { 1 | Should -Be 1 }
    It 'Be fails' { 1 | Should -Be 2 }
    It 'Be compares arrays' { @(1, 2) | Should -Be @(1, 2) }
    It 'Not Be fails' { 'a' | Should -Not -Be 'A' }
    It 'BeExactly fails on case' { 'a' | Should -BeExactly 'A' }
    It 'BeNullOrEmpty passes on nothing' { @() | Should -BeNullOrEmpty }
    It 'BeNullOrEmpty fails' { 'x' | Should -BeNullOrEmpty }
    It 'BeTrue fails' { $false | Should -BeTrue }
    It 'BeFalse passes' { $false | Should -BeFalse }
    It 'BeOfType fails' { 'x' | Should -BeOfType ([int]) }
    It 'HaveCount passes on empty' { @() | Should -HaveCount 0 }
    It 'HaveCount fails' { @(1, 2, 3) | Should -HaveCount 2 }
    It 'Match fails' { 'abc' | Should -Match '^b' }
    It 'Contain passes' { @(1, 2, 3) | Should -Contain 2 }
    It 'Contain fails' { @(1, 2, 3) | Should -Contain 4 }
    It 'BeGreaterThan fails' { 1 | Should -BeGreaterThan 5 }
    It 'BeLessThan passes' { 1 | Should -BeLessThan 5 }
    It 'Throw passes with message and id' { { throw [System.InvalidOperationException]::new('no way') } | Should -Throw -ExpectedMessage 'no*' -ExceptionType ([System.InvalidOperationException]) }
    It 'Throw fails when nothing throws' { { 1 } | Should -Throw }
    It 'Throw fails on the wrong error id' { { Get-Command -Name nope -ErrorAction Stop } | Should -Throw -ErrorId 'SomethingElse' }
    It 'Because is quoted' { 1 | Should -Be 2 -Because 'one is not two' }
}

Describe 'Setup' {
    BeforeAll { $shared = 'from BeforeAll' }
    BeforeEach { $perTest = 'from BeforeEach' }

    It 'sees BeforeAll and BeforeEach variables' {
        $shared | Should -Be 'from BeforeAll'
        $perTest | Should -Be 'from BeforeEach'
    }

    Context 'nested' {
        It 'sees the outer BeforeAll' { $shared | Should -Be 'from BeforeAll' }
    }

    It 'runs <Name> with its data' -ForEach @(@{ Name = 'first'; Value = 1 }, @{ Name = 'second'; Value = 2 }) {
        $Value | Should -BeLessThan 3
    }

    It 'is skipped' -Skip { throw 'never runs' }
}

Describe 'Broken setup' {
    BeforeAll { throw 'setup exploded' }
    It 'fails with the setup error' { 1 | Should -Be 1 }
}
