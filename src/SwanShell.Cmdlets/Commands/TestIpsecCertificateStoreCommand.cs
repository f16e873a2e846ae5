using System.Management.Automation;
using SwanShell.Engine.Certificates;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary>
/// <c>ipsec checknss [--settrusts]</c>: checks the store's layout, permissions and keys, creates it when missing, and with
/// -SetTrust marks its CA certificates trusted. Each problem is also a warning; the result says IsHealthy.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "IpsecCertificateStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(IpsecCertificateStoreStatus))]
public sealed class TestIpsecCertificateStoreCommand : CertificateStoreCmdlet
{
    /// <summary>Mark every CA certificate (basicConstraints CA) trusted, as <c>--settrusts</c> does.</summary>
    [Parameter]
    public SwitchParameter SetTrust { get; set; }

    protected override void ProcessRecord()
    {
        var store = Store;
        Try(
            () =>
            {
                var created = false;
                if (!store.Exists && ShouldProcess($"Create the missing certificate store {store.Path} (directories 0700).", $"Create the missing certificate store {store.Path}?", "Test-IpsecCertificateStore"))
                {
                    store.Initialize(force: false);
                    created = true;
                }

                var trusted = new List<string>();
                if (SetTrust && store.Exists)
                {
                    foreach (var name in CertificateStoreCheck.UntrustedAuthorities(store))
                    {
                        var certificate = store.Find(name)!;
                        if (ShouldProcess($"Trust the CA certificate '{name}' ({certificate.Subject}, thumbprint {certificate.Thumbprint}).", $"Trust the CA certificate '{name}' ({certificate.Subject})?", "Test-IpsecCertificateStore -SetTrust"))
                        {
                            store.SetTrusted(name, true);
                            trusted.Add(name);
                        }
                    }
                }

                var report = CertificateStoreCheck.Report(store, created, trusted, DateTimeOffset.UtcNow);
                foreach (var problem in report.Problems)
                {
                    WriteWarning(problem.Message);
                }

                WriteObject(new IpsecCertificateStoreStatus(report));
            },
            store.Path);
    }
}
