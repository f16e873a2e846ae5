# Runs under Pester 5 on pwsh (Invoke-Pester tests/Pester) and under swanshell's own runner in the hosted engine.
# The operator's flows of ipsec initnss, import, checknss --settrusts and certutil -L/-D, with a PKI made here.
BeforeAll {
    if (-not (Get-Module SwanShell)) { Import-Module ($env:SWANSHELL_MODULE ?? 'SwanShell') }

    function New-TestPkcs12 {
        param([string] $Path, [string] $CommonName, [string] $Password)
        $sha256 = [System.Security.Cryptography.HashAlgorithmName]::SHA256
        $caKey = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
        $caRequest = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=Pester CA, O=SwanShell Tests', $caKey, $sha256)
        $caRequest.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
        $ca = $caRequest.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddYears(1))
        $key = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new("CN=$CommonName", $key, $sha256)
        $serial = [byte[]] (1, 2, 3, 4, 5, 6, 7, 8)
        $leaf = $request.Create($ca, [DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(300), $serial)
        $collection = [System.Security.Cryptography.X509Certificates.X509Certificate2Collection]::new()
        [void] $collection.Add([System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::CopyWithPrivateKey($leaf, $key))
        [void] $collection.Add([System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificate($ca.RawData))
        [System.IO.File]::WriteAllBytes($Path, $collection.Export('Pkcs12', $Password))
    }

    function New-TestSecureString {
        param([string] $Text)
        $secure = [System.Security.SecureString]::new()
        foreach ($c in $Text.ToCharArray()) { $secure.AppendChar($c) }
        $secure
    }
}

Describe 'The certificate store' {
    BeforeEach {
        $dir = [System.IO.Directory]::CreateTempSubdirectory('swanshell-pester-pki-').FullName
        $store = @{ StorePath = [System.IO.Path]::Combine($dir, 'store') }
        $p12 = [System.IO.Path]::Combine($dir, 'west.p12')
        New-TestPkcs12 -Path $p12 -CommonName 'west' -Password 'pester-pw'
        Initialize-IpsecCertificateStore @store
    }

    AfterEach {
        [System.IO.Directory]::Delete($dir, $true)
    }

    It 'imports a PKCS#12 file with its key and CA chain, as ipsec import does' {
        $imported = Import-IpsecCertificate -Path $p12 -Password (New-TestSecureString 'pester-pw') @store

        $imported | Should -HaveCount 2
        ($imported | Where-Object HasPrivateKey).Name | Should -Be 'west'
        ($imported | Where-Object IsCertificateAuthority).Subject | Should -Be 'CN=Pester CA, O=SwanShell Tests'
    }

    It 'names the certificate for leftcert= with -Name' {
        Import-IpsecCertificate $p12 -Password (New-TestSecureString 'pester-pw') -Name 'west-gw' @store | Out-Null

        (Get-IpsecCertificate -Name 'west-*' @store).Name | Should -Be 'west-gw'
    }

    It 'refuses a wrong password' {
        { Import-IpsecCertificate $p12 -Password (New-TestSecureString 'nope') @store -ErrorAction Stop } |
            Should -Throw -ErrorId 'WrongPassword,SwanShell.Commands.ImportIpsecCertificateCommand'
    }

    It 'trusts the CA certificates with -SetTrust, as ipsec checknss --settrusts does' {
        Import-IpsecCertificate $p12 -Password (New-TestSecureString 'pester-pw') @store | Out-Null

        $status = Test-IpsecCertificateStore -SetTrust @store

        $status.IsHealthy | Should -BeTrue
        $status.NewlyTrusted | Should -Be 'Pester CA'
        (Get-IpsecCertificate @store | Where-Object Trusted).Name | Should -Be 'Pester CA'
    }

    It 'keeps private keys readable by their owner only' {
        Import-IpsecCertificate $p12 -Password (New-TestSecureString 'pester-pw') @store | Out-Null
        $keyFile = [System.IO.Path]::Combine($store.StorePath, 'private', 'west.key')

        [System.IO.File]::GetUnixFileMode($keyFile) | Should -Be ([System.IO.UnixFileMode] 'UserRead, UserWrite')
        [System.IO.File]::GetUnixFileMode($store.StorePath) | Should -Be ([System.IO.UnixFileMode] 'UserRead, UserWrite, UserExecute')
    }

    It 'refuses to initialize over an existing store without -Force, as ipsec initnss does' {
        { Initialize-IpsecCertificateStore @store -ErrorAction Stop } |
            Should -Throw -ErrorId 'StoreExists,SwanShell.Commands.InitializeIpsecCertificateStoreCommand'
    }

    It 'starts over with -Force' {
        Import-IpsecCertificate $p12 -Password (New-TestSecureString 'pester-pw') @store | Out-Null

        Initialize-IpsecCertificateStore @store -Force

        Get-IpsecCertificate @store | Should -BeNullOrEmpty
    }

    It 'deletes a piped certificate with its key' {
        Import-IpsecCertificate $p12 -Password (New-TestSecureString 'pester-pw') @store | Out-Null

        Get-IpsecCertificate west @store | Remove-IpsecCertificate -Confirm:$false

        (Get-IpsecCertificate @store).Name | Should -Be 'Pester CA'
        [System.IO.Directory]::GetFiles([System.IO.Path]::Combine($store.StorePath, 'private')) | Should -BeNullOrEmpty
    }

    It 'changes nothing with -WhatIf' {
        Import-IpsecCertificate $p12 -Password (New-TestSecureString 'pester-pw') @store -WhatIf

        Get-IpsecCertificate @store | Should -BeNullOrEmpty
    }
}
