using System.Management.Automation;
using SwanShell.Engine.Certificates;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary><c>ipsec initnss</c>: creates an empty certificate store, and replaces an existing one only with -Force.</summary>
[Cmdlet(VerbsData.Initialize, "IpsecCertificateStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(IpsecCertificateStoreStatus))]
public sealed class InitializeIpsecCertificateStoreCommand : CertificateStoreCmdlet
{
    /// <summary>Delete an existing store's certificates, keys and trust settings and start over.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var store = Store;
        Try(
            () =>
            {
                var plan = store.InitializePlan(Force);
                var description = $"Initialize the certificate store {store.Path}:{Environment.NewLine}{string.Join(Environment.NewLine, plan.Select((s, i) => $"  {i + 1}. {s}"))}";
                if (!ShouldProcess(description, $"{description}{Environment.NewLine}Continue?", "Initialize-IpsecCertificateStore"))
                {
                    return;
                }

                store.Initialize(Force);
                if (PassThru)
                {
                    WriteObject(new IpsecCertificateStoreStatus(CertificateStoreCheck.Report(store, created: true, [], DateTimeOffset.UtcNow)));
                }
            },
            store.Path);
    }
}
