# A small runner for tests/Pester/*.Tests.ps1 inside the hosted engine, where Pester itself is not
# available. It implements the Pester 5 subset those files use, with Pester's two phases: discovery
# runs Describe/Context bodies to find the It blocks; the run executes setup, tests and teardown
# with Pester's scoping (BeforeAll variables are visible to the block's tests and nested blocks).
# Only Core cmdlets exist here, so everything below uses the language and .NET directly.
# Its state is global: functions dot-sourced from here see one script scope, the test file another.

$global:MiniPesterRoot = $null
$global:MiniPesterCurrent = $null

function New-MiniPesterBlock {
    param([string] $Name, $Parent, $Data, [bool] $Skip)
    [pscustomobject]@{
        Name       = $Name
        Parent     = $Parent
        Data       = $Data
        Skip       = $Skip
        Blocks     = [System.Collections.Generic.List[object]]::new()
        Tests      = [System.Collections.Generic.List[object]]::new()
        BeforeAll  = [System.Collections.Generic.List[scriptblock]]::new()
        AfterAll   = [System.Collections.Generic.List[scriptblock]]::new()
        BeforeEach = [System.Collections.Generic.List[scriptblock]]::new()
        AfterEach  = [System.Collections.Generic.List[scriptblock]]::new()
    }
}

function Expand-MiniPesterName {
    param([string] $Name, $Data)
    if ($null -eq $Data) { return $Name }
    $expanded = $Name -replace '<_>', "$Data"
    if ($Data -is [System.Collections.IDictionary]) {
        foreach ($key in $Data.Keys) { $expanded = $expanded -replace "<$key>", "$($Data[$key])" }
    }
    $expanded
}

function Set-MiniPesterData {
    # Runs in the caller's scope (dot-sourced) so the data becomes the test's variables, as in Pester.
    param($Data)
    if ($null -eq $Data) { return }
    $ExecutionContext.SessionState.PSVariable.Set('_', $Data)
    if ($Data -is [System.Collections.IDictionary]) {
        foreach ($key in $Data.Keys) { $ExecutionContext.SessionState.PSVariable.Set([string]$key, $Data[$key]) }
    }
}

function Add-MiniPesterBlock {
    param([string] $Name, [scriptblock] $Fixture, [string[]] $Tag, [object[]] $ForEach, [switch] $Skip)
    # No data means one run with none; the comma keeps @($null) from being unrolled to nothing.
    $items = if ($PSBoundParameters.ContainsKey('ForEach') -and $null -ne $ForEach) { $ForEach } else { ,@($null) }
    foreach ($item in $items) {
        $parent = $global:MiniPesterCurrent
        $block = New-MiniPesterBlock -Name (Expand-MiniPesterName $Name $item) -Parent $parent -Data $item -Skip ($Skip.IsPresent -or $parent.Skip)
        $parent.Blocks.Add($block)
        $global:MiniPesterCurrent = $block
        try {
            & { . Set-MiniPesterData $item; . $Fixture } | Out-Null
        }
        finally {
            $global:MiniPesterCurrent = $parent
        }
    }
}

function Describe {
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Position = 1)] [scriptblock] $Fixture,
        [string[]] $Tag,
        [Alias('TestCases')] [object[]] $ForEach,
        [switch] $Skip)
    Add-MiniPesterBlock @PSBoundParameters
}

function Context {
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Position = 1)] [scriptblock] $Fixture,
        [string[]] $Tag,
        [Alias('TestCases')] [object[]] $ForEach,
        [switch] $Skip)
    Add-MiniPesterBlock @PSBoundParameters
}

function It {
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Position = 1)] [scriptblock] $Test = {},
        [string[]] $Tag,
        [Alias('TestCases')] [object[]] $ForEach,
        [switch] $Skip)
    $block = $global:MiniPesterCurrent
    # No data means one run with none; the comma keeps @($null) from being unrolled to nothing.
    $items = if ($PSBoundParameters.ContainsKey('ForEach') -and $null -ne $ForEach) { $ForEach } else { ,@($null) }
    foreach ($item in $items) {
        $block.Tests.Add([pscustomobject]@{
            Name = Expand-MiniPesterName $Name $item
            Body = $Test
            Data = $item
            Skip = $Skip.IsPresent -or $block.Skip
        })
    }
}

function BeforeAll { param([Parameter(Mandatory, Position = 0)] [scriptblock] $Scriptblock) $global:MiniPesterCurrent.BeforeAll.Add($Scriptblock) }
function AfterAll { param([Parameter(Mandatory, Position = 0)] [scriptblock] $Scriptblock) $global:MiniPesterCurrent.AfterAll.Add($Scriptblock) }
function BeforeEach { param([Parameter(Mandatory, Position = 0)] [scriptblock] $Scriptblock) $global:MiniPesterCurrent.BeforeEach.Add($Scriptblock) }
function AfterEach { param([Parameter(Mandatory, Position = 0)] [scriptblock] $Scriptblock) $global:MiniPesterCurrent.AfterEach.Add($Scriptblock) }

function Format-MiniPesterValue {
    param($Value)
    if ($null -eq $Value) { return '$null' }
    if ($Value -is [string]) { return "'$Value'" }
    if ($Value -is [bool]) { return "`$$($Value.ToString().ToLowerInvariant())" }
    if ($Value -is [System.Collections.IEnumerable] -and $Value -isnot [System.Collections.IDictionary]) {
        return '@(' + ((@($Value) | ForEach-Object { Format-MiniPesterValue $_ }) -join ', ') + ')'
    }
    if ($Value -is [type]) { return "[$($Value.FullName)]" }
    "$Value"
}

function Test-MiniPesterEqual {
    param($Actual, $Expected, [bool] $CaseSensitive)
    $isList = { param($v) $v -is [System.Collections.IEnumerable] -and $v -isnot [string] -and $v -isnot [System.Collections.IDictionary] }
    if ((& $isList $Actual) -or (& $isList $Expected)) {
        $a = @($Actual); $e = @($Expected)
        if ($a.Count -ne $e.Count) { return $false }
        for ($i = 0; $i -lt $a.Count; $i++) {
            if (-not (Test-MiniPesterEqual $a[$i] $e[$i] $CaseSensitive)) { return $false }
        }
        return $true
    }
    if ($null -eq $Actual -or $null -eq $Expected) { return $null -eq $Actual -and $null -eq $Expected }
    if ($CaseSensitive) { return $Actual -ceq $Expected }
    $Actual -eq $Expected
}

function Should {
    [CmdletBinding()]
    param(
        [Parameter(ValueFromPipeline)] $ActualValue,
        [Parameter(Position = 0)] [Alias('ExpectedMessage', 'ExpectedType', 'RegularExpression')] $ExpectedValue,
        [switch] $Not,
        [switch] $Be, [switch] $BeExactly, [switch] $BeNullOrEmpty, [switch] $BeTrue, [switch] $BeFalse,
        [switch] $BeOfType, [switch] $HaveCount, [switch] $Match, [switch] $Contain,
        [switch] $BeGreaterThan, [switch] $BeLessThan, [switch] $Throw,
        [string] $ErrorId, [type] $ExceptionType, [string] $Because)
    begin { $collected = [System.Collections.Generic.List[object]]::new() }
    process { $collected.Add($ActualValue) }
    end {
        $actual = if (-not $MyInvocation.ExpectingInput) { $ActualValue } elseif ($collected.Count -eq 1) { $collected[0] } else { $collected.ToArray() }
        $items = if ($MyInvocation.ExpectingInput) { ,$collected.ToArray() } else { ,@($ActualValue) }
        $a = Format-MiniPesterValue $actual
        $e = Format-MiniPesterValue $ExpectedValue
        $why = if ($Because) { " because $Because," } else { '' }

        if ($Throw) {
            $caught = $null
            try { & $actual | Out-Null } catch { $caught = $_ }
            $pass = $null -ne $caught
            $detail = 'no exception was thrown'
            if ($pass -and $PSBoundParameters.ContainsKey('ExpectedValue') -and $caught.Exception.Message -notlike $ExpectedValue) {
                $pass = $false; $detail = "the message was '$($caught.Exception.Message)'"
            }
            if ($pass -and $ErrorId -and $caught.FullyQualifiedErrorId -notlike "*$ErrorId*") {
                $pass = $false; $detail = "the error id was '$($caught.FullyQualifiedErrorId)'"
            }
            if ($pass -and $ExceptionType -and $caught.Exception -isnot $ExceptionType) {
                $pass = $false; $detail = "the exception type was [$($caught.Exception.GetType().FullName)]"
            }
            $wanted = @(
                if ($PSBoundParameters.ContainsKey('ExpectedValue')) { "with message like '$ExpectedValue'" }
                if ($ErrorId) { "with error id like '$ErrorId'" }
                if ($ExceptionType) { "of type [$($ExceptionType.FullName)]" }) -join ' '
            $message = if ($Not) { "Expected no exception to be thrown,$why but an exception was thrown: $($caught.Exception.Message)" }
                       else { "Expected an exception $wanted to be thrown,$why but $detail." -replace '  ', ' ' }
            if ($pass -eq $Not.IsPresent) { throw [System.Exception]::new($message) }
            if (-not $Not) { return $caught }
            return
        }

        $pass, $message = switch ($true) {
            $Be.IsPresent { (Test-MiniPesterEqual $actual $ExpectedValue $false),
                ($Not ? "Expected$why not $e, but got $a." : "Expected $e,$why but got $a.") }
            $BeExactly.IsPresent { (Test-MiniPesterEqual $actual $ExpectedValue $true),
                ($Not ? "Expected$why not exactly $e, but got $a." : "Expected exactly $e,$why but got $a.") }
            $BeNullOrEmpty.IsPresent { ($null -eq $actual -or ($actual -is [string] -and $actual.Length -eq 0) -or (@($items).Count -eq 0) -or ($actual -is [array] -and $actual.Count -eq 0)),
                ($Not ? "Expected a value,$why but got `$null or empty." : "Expected `$null or empty,$why but got $a.") }
            $BeTrue.IsPresent { ([bool]$actual -eq $true), "Expected `$$(-not $Not),$why but got $a." }
            $BeFalse.IsPresent { ([bool]$actual -eq $false), "Expected `$$($Not.IsPresent),$why but got $a." }
            $BeOfType.IsPresent { ($actual -is $ExpectedValue),
                "Expected the value to$($Not ? ' not' : '') have type $e or any of its subtypes,$why but got $a with type [$(if ($null -ne $actual) { $actual.GetType().FullName })]." }
            $HaveCount.IsPresent { (@($items).Count -eq $ExpectedValue),
                "Expected a collection with size$($Not ? ' other than' : '') $ExpectedValue,$why but got collection with size $(@($items).Count) $a." }
            $Match.IsPresent { ("$actual" -match $ExpectedValue),
                "Expected regular expression $e to$($Not ? ' not' : '') match $a,$why but it did$($Not ? '' : ' not') match." }
            $Contain.IsPresent { (@($items) -contains $ExpectedValue),
                "Expected $e to$($Not ? ' not' : '') be found in collection $a,$why but it was$($Not ? '' : ' not') found." }
            $BeGreaterThan.IsPresent { ($actual -gt $ExpectedValue),
                "Expected the actual value to be$($Not ? ' less than or equal to' : ' greater than') $e,$why but got $a." }
            $BeLessThan.IsPresent { ($actual -lt $ExpectedValue),
                "Expected the actual value to be$($Not ? ' greater than or equal to' : ' less than') $e,$why but got $a." }
            default { throw [System.ArgumentException]::new('Should needs an operator such as -Be, -BeTrue, -HaveCount, -Match, -Contain, -BeOfType or -Throw.') }
        }
        if ([bool]$pass -eq $Not.IsPresent) { throw [System.Exception]::new($message) }
    }
}

function Get-MiniPesterPath {
    param($Block, [string] $Leaf)
    $names = [System.Collections.Generic.List[string]]::new()
    for ($b = $Block; $null -ne $b.Parent; $b = $b.Parent) { $names.Insert(0, $b.Name) }
    if ($Leaf) { $names.Add($Leaf) }
    $names -join ' > '
}

function Get-MiniPesterTestPaths {
    param($Block)
    foreach ($test in $Block.Tests) { Get-MiniPesterPath $Block $test.Name }
    foreach ($child in $Block.Blocks) { Get-MiniPesterTestPaths $child }
}

function New-MiniPesterResult {
    param([string] $Path, [string] $Result, [string] $Message = '')
    [pscustomobject]@{ Path = $Path; Result = $Result; Message = $Message }
}

function Format-MiniPesterError {
    # The message, and where in the test file it failed (the first frame outside this runner), as Pester reports it.
    param($ErrorRecord)
    $frame = @($ErrorRecord.ScriptStackTrace -split "`n" | Where-Object { $_ -match ', (.+): line \d+' -and $Matches[1] -ne $PSCommandPath })[0]
    if ($frame) { "$($ErrorRecord.Exception.Message)`n$($frame.Trim())" } else { $ErrorRecord.Exception.Message }
}

function Invoke-MiniPesterBlock {
    param($Block, $Chain)
    $chain = @($Chain) + @($Block)
    & {
        . Set-MiniPesterData $Block.Data
        $setupError = $null
        if (-not $Block.Skip) {
            try { foreach ($setup in $Block.BeforeAll) { . $setup } }
            catch { $setupError = "BeforeAll failed: $(Format-MiniPesterError $_)" }
        }
        foreach ($test in $Block.Tests) {
            $path = Get-MiniPesterPath $Block $test.Name
            if ($test.Skip) { New-MiniPesterResult $path 'Skipped' 'marked -Skip'; continue }
            if ($setupError) { New-MiniPesterResult $path 'Failed' $setupError; continue }
            & {
                $failure = $null
                try {
                    foreach ($b in $chain) { foreach ($each in $b.BeforeEach) { . $each } }
                    . Set-MiniPesterData $test.Data
                    . $test.Body | Out-Null
                }
                catch { $failure = Format-MiniPesterError $_ }
                finally {
                    for ($i = $chain.Count - 1; $i -ge 0; $i--) {
                        foreach ($each in $chain[$i].AfterEach) {
                            try { . $each } catch { if (-not $failure) { $failure = "AfterEach failed: $(Format-MiniPesterError $_)" } }
                        }
                    }
                }
                if ($failure) { New-MiniPesterResult $path 'Failed' $failure } else { New-MiniPesterResult $path 'Passed' }
            }
        }
        foreach ($child in $Block.Blocks) { Invoke-MiniPesterBlock $child $chain }
        if (-not $Block.Skip -and -not $setupError) {
            try { foreach ($teardown in $Block.AfterAll) { . $teardown } }
            catch { New-MiniPesterResult (Get-MiniPesterPath $Block 'AfterAll') 'Failed' "AfterAll failed: $(Format-MiniPesterError $_)" }
        }
    }
}

function Invoke-MiniPester {
    param([Parameter(Mandatory)] [string] $Path, [switch] $DiscoveryOnly)
    $global:MiniPesterRoot = New-MiniPesterBlock -Name $Path -Parent $null -Data $null -Skip $false
    $global:MiniPesterCurrent = $global:MiniPesterRoot
    $syntaxErrors = $null
    [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$null, [ref]$syntaxErrors) | Out-Null
    if ($syntaxErrors) { throw "$Path does not parse: $($syntaxErrors -join '; ')" }
    . $Path | Out-Null
    if ($DiscoveryOnly) { return Get-MiniPesterTestPaths $global:MiniPesterRoot }
    Invoke-MiniPesterBlock $global:MiniPesterRoot @()
}
