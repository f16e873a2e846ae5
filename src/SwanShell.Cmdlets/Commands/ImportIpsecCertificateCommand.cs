using System.Management.Automation;
using System.Security;
using SwanShell.Engine.Certificates;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary>
/// <c>ipsec import</c>: stores the certificates of a PKCS#12 file with its private key and CA chain; PEM files (certificates
/// and private keys) and DER certificates are taken too. Returns the stored certificates.
/// </summary>
[Cmdlet(VerbsData.Import, "IpsecCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(IpsecCertificate))]
public sealed class ImportIpsecCertificateCommand : CertificateStoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string[] Path { get; set; } = [];

    /// <summary>The PKCS#12 file's password, or an encrypted PEM key's.</summary>
    [Parameter]
    public SecureString? Password { get; set; }

    /// <summary>The name (nickname) of the certificate that has the private key, or of a file's only certificate.</summary>
    [Parameter]
    public string? Name { get; set; }

    /// <summary>Replace a different certificate that has the same name.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var store = Store;
        foreach (var path in Path.Select(GetUnresolvedProviderPathFromPSPath))
        {
            Try(() => Import(store, path), path);
        }
    }

    private void Import(CertificateStore store, string path)
    {
        store.EnsureExists();
        using var password = new SecurePassword(Password);
        using var bundle = CertificateFileReader.Read(path, password.Characters);
        var items = CertificateImport.Plan(store, bundle, Name);
        try
        {
            foreach (var item in items)
            {
                if (item.AlreadyPresent)
                {
                    WriteVerbose($"The certificate '{item.Name}' ({item.Certificate.Subject}) is in the store already.");
                    WriteObject(new IpsecCertificate(item.Existing!, store.Path));
                    continue;
                }

                var description = item.Describe(store);
                if (ShouldProcess($"Import from {path}: {description}.", $"Import from {path}: {description}?", "Import-IpsecCertificate"))
                {
                    Try(() => WriteObject(new IpsecCertificate(store.Add(item.Name, item.Certificate, item.PrivateKey, Force), store.Path)), item.Name);
                }
            }
        }
        finally
        {
            foreach (var item in items)
            {
                item.PrivateKey?.Dispose();
            }
        }
    }
}
