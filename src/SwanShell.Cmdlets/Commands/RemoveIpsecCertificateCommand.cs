using System.Management.Automation;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary>Deletes certificates from the store, with their private keys and trust settings (NSS's <c>certutil -D</c>).</summary>
[Cmdlet(VerbsCommon.Remove, "IpsecCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveIpsecCertificateCommand : CertificateStoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        var store = Store;
        Try(
            () =>
            {
                var certificates = store.List();
                foreach (var name in Name)
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    var matches = WildcardPattern.ContainsWildcardCharacters(name)
                        ? certificates.Where(c => pattern.IsMatch(c.Name)).ToList()
                        : certificates.Where(c => c.Name == name).ToList();
                    if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        WriteError(new ErrorRecord(
                            new ItemNotFoundException($"There is no certificate named '{name}' in the store at {store.Path}."),
                            "CertificateNotFound",
                            ErrorCategory.ObjectNotFound,
                            name));
                    }

                    foreach (var certificate in matches)
                    {
                        var files = certificate.HasPrivateKey ? $"{certificate.Path} and its private key {store.PrivateKeyPath(certificate.Name)}" : certificate.Path;
                        var description = $"Delete the certificate '{certificate.Name}' ({certificate.Subject}): {files}.";
                        if (ShouldProcess(description, $"Delete the certificate '{certificate.Name}' ({certificate.Subject}){(certificate.HasPrivateKey ? " and its private key" : string.Empty)}?", "Remove-IpsecCertificate"))
                        {
                            Try(() => store.Remove(certificate.Name), certificate.Name);
                        }
                    }
                }
            },
            store.Path);
    }
}
