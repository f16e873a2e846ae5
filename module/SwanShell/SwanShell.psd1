@{
    RootModule           = 'SwanShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0a3c1e-5b7d-4c2a-9e8f-2d4b1a7c9e31'
    Author               = 'The SwanShell developers'
    CompanyName          = 'SwanShell'
    Copyright            = '(c) The SwanShell developers.'
    Description          = 'An IPsec control plane for Linux: an IKEv2 daemon and the kernel XFRM stack, driven from PowerShell with typed objects. Reads libreswan ipsec.conf and ipsec.secrets unchanged.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.6'
    # In folders of their own: in a platform publish (dotnet publish -r linux-x64) the module's folder is also
    # $PSHOME, and PowerShell 7.6 joins $PSHOME and a type or format file there with a backslash (PowerShell#27038).
    FormatsToProcess     = @('Formats/SwanShell.format.ps1xml')
    TypesToProcess       = @('Types/SwanShell.types.ps1xml')
    CmdletsToExport      = @(
        'Add-IpsecConnection'
        'Add-IpsecRoute'
        'Disable-IpsecNflog'
        'Enable-IpsecNflog'
        'Get-IpsecCertificate'
        'Get-IpsecConnection'
        'Get-IpsecDiagnostic'
        'Get-IpsecStatus'
        'Get-IpsecVersion'
        'Import-IpsecCertificate'
        'Initialize-IpsecCertificateStore'
        'Invoke-IpsecSetup'
        'Invoke-IpsecWhack'
        'Remove-IpsecCertificate'
        'Remove-IpsecConnection'
        'Remove-IpsecRoute'
        'Start-IpsecConnection'
        'Start-IpsecListener'
        'Stop-IpsecConnection'
        'Test-IpsecCertificateStore'
        'Test-IpsecConfiguration'
        'Update-IpsecSecret'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('IPsec', 'IKEv2', 'VPN', 'XFRM', 'libreswan', 'Linux')
            ProjectUri = 'https://example.invalid/swanshell'
        }
    }
}
