# Certificate authentication as an operator sets it up: ipsec initnss, import and checknss --settrusts for each of two
# daemons (Memory kernel, west on 127.0.0.1 and east on 127.0.0.2), leftcert=/rightcert= in the conn and nssdir= in
# config setup, then ipsec auto --up. The PKI (a CA and two ECDSA P-256 certificates) is made here.
BeforeAll {
    if (-not (Get-Module SwanShell)) { Import-Module ($env:SWANSHELL_MODULE ?? 'SwanShell') }

    function New-TestCertificate {
        param([string] $Subject, $Issuer, [switch] $Authority)
        $key = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256)
        $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($Authority.IsPresent, $false, 0, $true))
        $notBefore = [DateTimeOffset]::UtcNow.AddDays(-1)
        if ($null -eq $Issuer) { return $request.CreateSelfSigned($notBefore, $notBefore.AddYears(1)) }
        $serial = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(8)
        $certificate = $request.Create($Issuer, $notBefore, $notBefore.AddDays(300), $serial)
        [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::CopyWithPrivateKey($certificate, $key)
    }

    function New-TestSecureString {
        param([string] $Text)
        $secure = [System.Security.SecureString]::new()
        foreach ($c in $Text.ToCharArray()) { $secure.AppendChar($c) }
        $secure
    }

    # A UDP port free on both addresses, with the one below it free too (NAT-T).
    function Get-FreeUdpPort {
        while ($true) {
            $probe = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([ipaddress] '127.0.0.2', 0))
            $port = $probe.Client.LocalEndPoint.Port
            $probe.Dispose()
            if ($port -le 20000) { continue }
            $free = $true
            foreach ($address in '127.0.0.1', '127.0.0.2') {
                foreach ($candidate in $port, ($port - 1)) {
                    try { [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([ipaddress] $address, $candidate)).Dispose() }
                    catch { $free = $false }
                }
            }
            if ($free) { return $port }
        }
    }
}

Describe 'A tunnel authenticated with certificates' {
    BeforeAll {
        $work = [System.IO.Directory]::CreateTempSubdirectory('swanshell-pester-certtunnel-').FullName
        $port = Get-FreeUdpPort
        $ca = New-TestCertificate -Subject 'CN=Pester Tunnel CA, O=SwanShell Tests' -Authority
        $sides = @{ west = '127.0.0.1'; east = '127.0.0.2' }
        $at = @{}
        foreach ($side in 'west', 'east') {
            $leaf = New-TestCertificate -Subject "CN=$side, O=SwanShell Tests" -Issuer $ca
            $bundle = [System.Security.Cryptography.X509Certificates.X509Certificate2Collection]::new()
            [void] $bundle.Add($leaf)
            [void] $bundle.Add([System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificate($ca.RawData))
            $p12 = [System.IO.Path]::Combine($work, "$side.p12")
            [System.IO.File]::WriteAllBytes($p12, $bundle.Export('Pkcs12', 'pester-pw'))

            $store = [System.IO.Path]::Combine($work, "$side-nss")
            Initialize-IpsecCertificateStore -StorePath $store
            Import-IpsecCertificate $p12 -Password (New-TestSecureString 'pester-pw') -Name $side -StorePath $store | Out-Null
            Test-IpsecCertificateStore -SetTrust -StorePath $store | Out-Null

            $config = [System.IO.Path]::Combine($work, "$side.conf")
            [System.IO.File]::WriteAllText($config, @"
config setup
    listen=$($sides[$side])
    nssdir=$store

conn tunnel
    left=127.0.0.1
    leftcert=west
    leftid=%fromcert
    leftsubnet=10.1.0.0/16
    leftikeport=$port
    right=127.0.0.2
    rightcert=east
    rightid=%fromcert
    rightsubnet=10.2.0.0/16
    rightikeport=$port
    authby=ecdsa
    auto=add

conn nocert
    left=127.0.0.1
    leftcert=north
    right=127.0.0.9
    authby=ecdsa
"@)
            $at[$side] = @{ RunDirectory = [System.IO.Path]::Combine($work, "$side-run") }
            $run = $at[$side]
            Invoke-IpsecSetup -Action Start @run -Config $config -KernelBackend Memory -IkePort $port -NatTraversalPort ($port - 1) | Out-Null
        }
        $west = $at['west']
        $east = $at['east']
    }

    AfterAll {
        Invoke-IpsecSetup -Action Stop @west -WarningAction SilentlyContinue
        Invoke-IpsecSetup -Action Stop @east -WarningAction SilentlyContinue
        [System.IO.Directory]::Delete($work, $true)
    }

    It 'comes up with ipsec auto --up' {
        (Start-IpsecConnection tunnel @west).State | Should -Be 'Established'
    }

    It 'shows each side the ID of the peer''s certificate' {
        # The responder installs its Child SA just after answering.
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ((Get-IpsecStatus tunnel @east).State -ne 'Established' -and [DateTime]::UtcNow -lt $deadline) { [System.Threading.Thread]::Sleep(100) }

        (Get-IpsecStatus tunnel @west).IkeSas.RemoteId | Should -Be 'O=SwanShell Tests, CN=east'
        (Get-IpsecStatus tunnel @east).IkeSas.RemoteId | Should -Be 'O=SwanShell Tests, CN=west'
    }

    It 'refuses a conn whose leftcert= is not in the store, naming the line' {
        { Add-IpsecConnection nocert -Config ([System.IO.Path]::Combine($work, 'west.conf')) @west -ErrorAction Stop } |
            Should -Throw -ErrorId 'CertificateNotFound' -ExpectedMessage "*west.conf:*: conn 'nocert': leftcert=north*"
    }
}
