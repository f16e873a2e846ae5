using System.Management.Automation;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary>Lists the certificates of the store (<c>ipsec whack --listcerts</c>, offline): by name, with wildcards.</summary>
[Cmdlet(VerbsCommon.Get, "IpsecCertificate")]
[OutputType(typeof(IpsecCertificate))]
public sealed class GetIpsecCertificateCommand : CertificateStoreCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[] Name { get; set; } = ["*"];

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
                    var matches = certificates.Where(c => pattern.IsMatch(c.Name)).ToList();
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
                        WriteObject(new IpsecCertificate(certificate, store.Path));
                    }
                }
            },
            store.Path);
    }
}
