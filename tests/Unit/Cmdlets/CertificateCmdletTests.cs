using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SwanShell.Engine.Certificates;
using SwanShell.UnitTests.Certificates;
using SwanShell.UnitTests.Hosting;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>initnss, checknss --settrusts, import, and listing and deleting certificates, as cmdlets in a hosted runspace.</summary>
public sealed class CertificateCmdletTests : IDisposable
{
    private const string Password = "p12-secret-5d0c";

    private readonly TestPki _pki = new();
    private readonly HostedShell _shell = PowerShellFixture.NewShell("n");

    public void Dispose()
    {
        _shell.Dispose();
        _pki.Dispose();
    }

    private string At => $"-StorePath '{_pki.StorePath}'";

    private static string SecurePassword(string password) =>
        $"$pw = [System.Security.SecureString]::new(); '{password}'.ToCharArray() | ForEach-Object {{ $pw.AppendChar($_) }}; ";

    private List<IpsecCertificate> Certificates() =>
        [.. _shell.Run($"Get-IpsecCertificate {At}").Select(o => (IpsecCertificate)o.BaseObject)];

    [Fact]
    public void RoundTrip_InitializeImportTrustListRemove()
    {
        using var west = _pki.CreateEndEntity("west");
        var p12 = _pki.WritePkcs12("west.p12", west, Password);

        _shell.Run($"Initialize-IpsecCertificateStore {At}");
        var imported = _shell.Run($"{SecurePassword(Password)} Import-IpsecCertificate -Path '{p12}' -Password $pw -Name west-gw {At}");
        var status = (IpsecCertificateStoreStatus)_shell.Run($"Test-IpsecCertificateStore -SetTrust {At}").Single().BaseObject;

        Assert.Empty(_shell.Streams.Error);
        Assert.Equal(["west-gw", "SwanShell Test CA"], imported.Select(o => ((IpsecCertificate)o.BaseObject).Name));
        Assert.True(status.IsHealthy);
        Assert.Equal(["SwanShell Test CA"], status.NewlyTrusted);
        Assert.Equal((2, 1, 1), (status.CertificateCount, status.PrivateKeyCount, status.TrustedCount));
        var listed = Certificates();
        Assert.Equal(["SwanShell Test CA", "west-gw"], listed.Select(c => c.Name));
        Assert.True(listed[0].IsCertificateAuthority && listed[0].Trusted && !listed[0].HasPrivateKey);
        Assert.True(listed[1].HasPrivateKey && !listed[1].Trusted);
        Assert.Equal(west.Thumbprint, listed[1].Thumbprint);
        Assert.Equal(_pki.StorePath, listed[1].StorePath);

        _shell.Run($"Get-IpsecCertificate west-gw {At} | Remove-IpsecCertificate -Confirm:$false");

        Assert.Equal(["SwanShell Test CA"], Certificates().Select(c => c.Name));
        Assert.Empty(Directory.GetFiles(Path.Combine(_pki.StorePath, "private")));
    }

    [Fact]
    public void Config_NssDir_NamesTheStore_ForEveryCertificateCmdlet()
    {
        var store = Path.Combine(_pki.Directory, "from-nssdir");
        var config = _pki.WriteText("nssdir.conf", $"config setup\n    nssdir={store}\n");
        using var west = _pki.CreateEndEntity("west");
        var p12 = _pki.WritePkcs12("west.p12", west, Password);

        _shell.Run($"Initialize-IpsecCertificateStore -Config '{config}'");
        _shell.Run($"{SecurePassword(Password)} Import-IpsecCertificate -Path '{p12}' -Password $pw -Name west-gw -Config '{config}'");
        var status = (IpsecCertificateStoreStatus)_shell.Run($"Test-IpsecCertificateStore -SetTrust -Config '{config}'").Single().BaseObject;
        var listed = _shell.Run($"Get-IpsecCertificate -Config '{config}'").Select(o => (IpsecCertificate)o.BaseObject).ToList();
        _shell.Run($"Remove-IpsecCertificate west-gw -Config '{config}' -Confirm:$false");

        Assert.Empty(_shell.Streams.Error);
        Assert.Equal(store, status.Path);
        Assert.Equal(["SwanShell Test CA", "west-gw"], listed.Select(c => c.Name));
        Assert.All(listed, c => Assert.Equal(store, c.StorePath));
        Assert.Equal(["SwanShell Test CA"], _shell.Run($"Get-IpsecCertificate -Config '{config}'").Select(o => ((IpsecCertificate)o.BaseObject).Name));
        Assert.False(Directory.Exists(_pki.StorePath));
    }

    [Fact]
    public void StorePath_WinsOverConfigNssDir()
    {
        var config = _pki.WriteText("nssdir.conf", $"config setup\n    nssdir={Path.Combine(_pki.Directory, "from-nssdir")}\n");

        _shell.Run($"Initialize-IpsecCertificateStore {At} -Config '{config}'");

        Assert.True(new CertificateStore(_pki.StorePath).Exists);
        Assert.False(Directory.Exists(Path.Combine(_pki.Directory, "from-nssdir")));
    }

    [Fact]
    public void Config_ThatIsNotThere_IsConfigNotFound_AndNothingRuns()
    {
        var missing = Path.Combine(_pki.Directory, "missing.conf");

        Assert.Empty(_shell.Run($"Initialize-IpsecCertificateStore -Config '{missing}' -WhatIf"));

        var error = Assert.Single(_shell.Streams.Error);
        Assert.DoesNotContain("What if:", _shell.Text, StringComparison.Ordinal);

        Assert.Equal("ConfigNotFound,SwanShell.Commands.InitializeIpsecCertificateStoreCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("missing.conf does not exist", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_OverAnExistingStore_IsStoreExists_ResourceExists()
    {
        _shell.Run($"Initialize-IpsecCertificateStore {At}");

        _shell.Run($"Initialize-IpsecCertificateStore {At}");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("StoreExists,SwanShell.Commands.InitializeIpsecCertificateStoreCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Contains("-Force", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_WhatIf_ListsTheStepsAndCreatesNothing()
    {
        _shell.Run($"Initialize-IpsecCertificateStore {At} -WhatIf");

        Assert.False(Directory.Exists(_pki.StorePath));
        Assert.Contains($"What if: Initialize the certificate store {_pki.StorePath}:", _shell.Text, StringComparison.Ordinal);
        Assert.Contains($"create the directory {_pki.StorePath} (mode 0700)", _shell.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_OnAMissingStore_CreatesIt()
    {
        var status = (IpsecCertificateStoreStatus)_shell.Run($"Test-IpsecCertificateStore {At}").Single().BaseObject;

        Assert.True(status.Created);
        Assert.True(status.IsHealthy);
        Assert.True(new CertificateStore(_pki.StorePath).Exists);
    }

    [Fact]
    public void Test_WhatIf_CreatesNoStore_AndTrustsNothing()
    {
        _shell.Run($"Test-IpsecCertificateStore {At} -WhatIf");
        Assert.False(Directory.Exists(_pki.StorePath));
        Assert.Contains($"What if: Create the missing certificate store {_pki.StorePath}", _shell.Text, StringComparison.Ordinal);

        var store = new CertificateStore(_pki.StorePath);
        store.Initialize(force: false);
        store.Add("mainca", _pki.Ca, null, replace: false);
        var status = (IpsecCertificateStoreStatus)_shell.Run($"Test-IpsecCertificateStore -SetTrust {At} -WhatIf").Single().BaseObject;

        Assert.Contains("What if: Trust the CA certificate 'mainca' (CN=SwanShell Test CA, O=SwanShell Tests", _shell.Text, StringComparison.Ordinal);
        Assert.Empty(status.NewlyTrusted);
        Assert.False(store.Find("mainca")!.Trusted);
    }

    [Fact]
    public void Test_ReportsProblemsAsWarningsAndTypedProblems()
    {
        using var west = _pki.CreateEndEntity("west");
        var store = new CertificateStore(_pki.StorePath);
        store.Initialize(force: false);
        store.Add("west", west, west.GetECDsaPrivateKey(), replace: false);
        File.SetUnixFileMode(store.PrivateKeyPath("west"), (UnixFileMode)0b110_100_100);

        var status = (IpsecCertificateStoreStatus)_shell.Run($"Test-IpsecCertificateStore {At}").Single().BaseObject;

        Assert.False(status.IsHealthy);
        Assert.Equal(StoreProblemKind.PrivateKeyTooOpen, Assert.Single(status.Problems).Kind);
        Assert.Contains("0644", Assert.Single(_shell.Streams.Warning).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_WhatIf_WritesNothing()
    {
        _shell.Run($"Initialize-IpsecCertificateStore {At}");
        var ca = _pki.WriteText("ca.pem", _pki.Ca.ExportCertificatePem());

        _shell.Run($"Import-IpsecCertificate '{ca}' {At} -WhatIf");

        Assert.Empty(Certificates());
        Assert.Contains("What if: Import from", _shell.Text, StringComparison.Ordinal);
        Assert.Contains("store certificate 'SwanShell Test CA'", _shell.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_WithAWrongPassword_IsWrongPassword_AuthenticationError()
    {
        using var west = _pki.CreateEndEntity("west");
        var p12 = _pki.WritePkcs12("west.p12", west, Password);
        _shell.Run($"Initialize-IpsecCertificateStore {At}");

        _shell.Run($"{SecurePassword("not-the-password")} Import-IpsecCertificate '{p12}' -Password $pw {At}");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("WrongPassword,SwanShell.Commands.ImportIpsecCertificateCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Empty(Certificates());
    }

    [Fact]
    public void Import_IntoAMissingStore_IsStoreNotFound()
    {
        var ca = _pki.WriteText("ca.pem", _pki.Ca.ExportCertificatePem());

        _shell.Run($"Import-IpsecCertificate '{ca}' {At}");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("StoreNotFound,SwanShell.Commands.ImportIpsecCertificateCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public void Remove_AsksFirst_AndANoKeepsTheCertificate()
    {
        using var west = _pki.CreateEndEntity("west");
        _shell.Run($"Initialize-IpsecCertificateStore {At}");
        _shell.Run($"Import-IpsecCertificate '{_pki.WriteBytes("west.der", west.RawData)}' {At}");

        _shell.Run($"Remove-IpsecCertificate west {At}");

        Assert.Contains("Delete the certificate 'west' (CN=west)?", _shell.Text, StringComparison.Ordinal);
        Assert.Single(Certificates());
    }

    [Fact]
    public void GetAndRemove_OfAnUnknownName_AreCertificateNotFound()
    {
        _shell.Run($"Initialize-IpsecCertificateStore {At}");

        _shell.Run($"Get-IpsecCertificate nobody {At}");
        Assert.Equal("CertificateNotFound,SwanShell.Commands.GetIpsecCertificateCommand", Assert.Single(_shell.Streams.Error).FullyQualifiedErrorId);

        _shell.Run($"Remove-IpsecCertificate nobody {At} -Confirm:$false");
        Assert.Equal("CertificateNotFound,SwanShell.Commands.RemoveIpsecCertificateCommand", Assert.Single(_shell.Streams.Error).FullyQualifiedErrorId);
    }

    [Fact]
    public void Get_RendersTheTableView()
    {
        using var west = _pki.CreateEndEntity("west");
        _shell.Run($"Initialize-IpsecCertificateStore {At}");
        _shell.Run($"Import-IpsecCertificate '{_pki.WritePkcs12("west.p12", west, string.Empty)}' {At}");

        var text = _shell.Render($"Get-IpsecCertificate {At}");

        Assert.Matches(@"Name\s+Subject\s+KeyAlgorithm\s+NotAfter\s+Key\s+CA\s+Trusted", text);
        Assert.Matches(@"west\s+CN=west\s+ECDSA P-256\s+\d{4}-\d\d-\d\d\s+True\s+False\s+False", text);
    }

    [Fact]
    public void Test_RendersTheTableView()
    {
        var text = _shell.Render($"Test-IpsecCertificateStore {At}");

        Assert.Matches(@"Path\s+IsHealthy\s+Certificates\s+Keys\s+Trusted\s+Problems", text);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(_pki.StorePath)}\s+True\s+0\s+0\s+0\s+0", text);
    }

    [Fact]
    public void NoOutputStreamOrError_EverContainsThePrivateKeyOrThePassword()
    {
        using var west = _pki.CreateEndEntity("west", rsa: true);
        var p12 = _pki.WritePkcs12("west.p12", west, Password);
        var keyPem = _pki.WriteText("west.key", TestPki.KeyPem(west));
        var keyBase64 = TestPki.KeyBase64(west);
        var everything = new List<string>();
        void Run(string script)
        {
            var output = _shell.Run(script);
            everything.AddRange(output.Select(o => o.ToString()));
            everything.AddRange(output.Select(o => JsonSerializer.Serialize(o.BaseObject, o.BaseObject.GetType())));
            everything.AddRange(_shell.Streams.Error.Select(e => $"{e} {e.Exception} {e.TargetObject} {e.ErrorDetails}"));
            everything.AddRange(_shell.Streams.Verbose.Select(v => v.Message));
            everything.AddRange(_shell.Streams.Warning.Select(w => w.Message));
            everything.AddRange(_shell.Streams.Debug.Select(d => d.Message));
            everything.AddRange(_shell.Streams.Information.Select(i => $"{i.MessageData}"));
        }

        Run($"Initialize-IpsecCertificateStore {At} -Verbose");
        Run($"{SecurePassword(Password)} Import-IpsecCertificate '{p12}' -Password $pw {At} -Verbose -WhatIf");
        Run($"{SecurePassword("wrong")} Import-IpsecCertificate '{p12}' -Password $pw {At} -Verbose");
        Run($"{SecurePassword(Password)} Import-IpsecCertificate '{p12}' -Password $pw {At} -Verbose");
        Run($"{SecurePassword(Password)} Import-IpsecCertificate '{p12}' -Password $pw {At} -Verbose");
        Run($"Import-IpsecCertificate '{keyPem}' {At} -Verbose");
        Run($"Test-IpsecCertificateStore -SetTrust {At} -Verbose");
        _shell.Render($"Get-IpsecCertificate {At}");
        _shell.Render($"Test-IpsecCertificateStore {At}");
        Run($"Get-IpsecCertificate {At} | ForEach-Object {{ $_ | Out-String }}");
        Run($"Remove-IpsecCertificate * {At} -WhatIf -Verbose");
        everything.Add(_shell.Text);
        everything.Add(_shell.ErrorText);

        var all = string.Join("\n", everything);
        Assert.Contains("west", all, StringComparison.Ordinal);
        Assert.True(new CertificateStore(_pki.StorePath).Find("west")!.HasPrivateKey);
        foreach (var line in KeyFragments(keyBase64))
        {
            Assert.DoesNotContain(line, all, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Password, all, StringComparison.Ordinal);
    }

    /// <summary>The key's base64 in 32-character pieces, so that a key printed in any line width is still found.</summary>
    private static IEnumerable<string> KeyFragments(string base64)
    {
        for (var i = 0; i + 32 <= base64.Length; i += 16)
        {
            yield return base64.Substring(i, 32);
        }
    }
}
