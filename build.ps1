<#
.SYNOPSIS
    Builds SwanShell, runs its tests, or lays out the module folder a pwsh user installs.
.DESCRIPTION
    Uses only Core cmdlets and dotnet, so it runs under pwsh and under `swanshell -File build.ps1`.
    Package publishes the module to artifacts/SwanShell (copy it into a folder of $env:PSModulePath)
    and the swanshell executable to artifacts/swanshell, then checks the module folder is complete; the ipsec
    wrapper and the systemd unit (packaging/) go to artifacts/packaging.
.EXAMPLE
    ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Use what an earlier build of the same configuration produced.
    [switch] $NoBuild
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$artifacts = [System.IO.Path]::Combine($root, 'artifacts')

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Test-ModuleFolder {
    param([string] $Folder)
    $required = 'SwanShell.psd1', 'SwanShell.dll', 'SwanShell.Engine.dll', 'Formats/SwanShell.format.ps1xml',
        'Types/SwanShell.types.ps1xml', 'en-US/SwanShell.dll-Help.xml', 'en-US/about_SwanShell.help.txt'
    $missing = $required | Where-Object { -not [System.IO.File]::Exists([System.IO.Path]::Combine($Folder, $_)) }
    if ($missing) { throw "The module folder $Folder lacks: $($missing -join ', ')" }
    $manifest = Test-ModuleManifest -Path ([System.IO.Path]::Combine($Folder, 'SwanShell.psd1'))
    "Module $($manifest.Name) $($manifest.Version) laid out in $Folder"
}

$skipBuild = @(if ($NoBuild) { '--no-build' })
switch ($Task) {
    'Build' {
        Invoke-Dotnet build ([System.IO.Path]::Combine($root, 'SwanShell.sln')) -c $Configuration --nologo
    }
    'Test' {
        Invoke-Dotnet test ([System.IO.Path]::Combine($root, 'tests', 'Unit', 'SwanShell.UnitTests.csproj')) -c $Configuration --nologo @skipBuild
    }
    'Package' {
        $module = [System.IO.Path]::Combine($artifacts, 'SwanShell')
        $cli = [System.IO.Path]::Combine($artifacts, 'swanshell')
        foreach ($folder in $module, $cli) {
            if ([System.IO.Directory]::Exists($folder)) { [System.IO.Directory]::Delete($folder, $true) }
        }
        Invoke-Dotnet publish ([System.IO.Path]::Combine($root, 'src', 'SwanShell.Cmdlets')) -c $Configuration -o $module --nologo @skipBuild
        Invoke-Dotnet publish ([System.IO.Path]::Combine($root, 'src', 'SwanShell.Cli')) -c $Configuration -o $cli --nologo @skipBuild
        Test-ModuleFolder $module
        # What a distribution package installs besides the two folders: the ipsec wrapper and the systemd unit.
        $packaging = [System.IO.Path]::Combine($artifacts, 'packaging')
        [System.IO.Directory]::CreateDirectory($packaging) | Out-Null
        foreach ($file in [System.IO.Directory]::GetFiles([System.IO.Path]::Combine($root, 'packaging'))) {
            [System.IO.File]::Copy($file, [System.IO.Path]::Combine($packaging, [System.IO.Path]::GetFileName($file)), $true)
        }
    }
}
