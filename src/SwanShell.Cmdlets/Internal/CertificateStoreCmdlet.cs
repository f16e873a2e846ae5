using System.Management.Automation;
using SwanShell.Engine.Certificates;

namespace SwanShell.Internal;

/// <summary>The certificate store cmdlets: the -StorePath parameter and one mapping of store failures to error records.</summary>
public abstract class CertificateStoreCmdlet : PSCmdlet
{
    /// <summary>The store's directory. Default: $env:SWANSHELL_CERTSTORE, else /etc/ipsec.d/swanshell.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? StorePath { get; set; }

    protected CertificateStore Store => CertificateStore.Resolve(StorePath is null ? null : GetUnresolvedProviderPathFromPSPath(StorePath));

    /// <summary>Runs <paramref name="action"/>, turning store failures into non-terminating errors with stable ids.</summary>
    protected void Try(Action action, object? target = null) => Try(this, action, target);

    /// <summary>The same for cmdlets of another base that read the store (Invoke-IpsecWhack -ListCerts).</summary>
    internal static void Try(Cmdlet cmdlet, Action action, object? target)
    {
        ArgumentNullException.ThrowIfNull(cmdlet);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            action();
        }
        catch (CertificateStoreException e)
        {
            cmdlet.WriteError(new ErrorRecord(e, e.Error.ToString(), Category(e.Error), target ?? e.Target));
        }
        catch (UnauthorizedAccessException e)
        {
            cmdlet.WriteError(new ErrorRecord(e, "StoreAccessDenied", ErrorCategory.PermissionDenied, target));
        }
        catch (IOException e)
        {
            cmdlet.WriteError(new ErrorRecord(e, "StoreWriteFailed", ErrorCategory.WriteError, target));
        }
    }

    private static ErrorCategory Category(CertificateStoreError error) => error switch
    {
        CertificateStoreError.StoreExists or CertificateStoreError.CertificateNameInUse => ErrorCategory.ResourceExists,
        CertificateStoreError.StoreNotFound or CertificateStoreError.CertificateNotFound or CertificateStoreError.KeyWithoutCertificate
            or CertificateStoreError.PrivateKeyNotFound => ErrorCategory.ObjectNotFound,
        CertificateStoreError.InvalidCertificateName => ErrorCategory.InvalidArgument,
        CertificateStoreError.WrongPassword => ErrorCategory.AuthenticationError,
        _ => ErrorCategory.InvalidData,
    };
}
