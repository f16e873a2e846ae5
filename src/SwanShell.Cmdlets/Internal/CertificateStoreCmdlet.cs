using System.Management.Automation;
using SwanShell.Engine.Certificates;

namespace SwanShell.Internal;

/// <summary>
/// The certificate store cmdlets: where the store is (-StorePath, else nssdir= of -Config's config setup, as libreswan's
/// tools follow --nssdir, else $SWANSHELL_CERTSTORE, else the default) and one mapping of store failures to error records.
/// </summary>
public abstract class CertificateStoreCmdlet : PSCmdlet
{
    /// <summary>The store's directory. Default: nssdir= of -Config, else $env:SWANSHELL_CERTSTORE, else /etc/ipsec.d/swanshell.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? StorePath { get; set; }

    /// <summary>An ipsec.conf whose <c>config setup</c> <c>nssdir=</c> names the store (the daemon's store for that config).</summary>
    [Parameter]
    public string? Config { get; set; }

    protected CertificateStore Store => CertificateStore.Resolve(
        StorePath is not null ? GetUnresolvedProviderPathFromPSPath(StorePath)
        : Config is not null ? NssDirectoryOf(GetUnresolvedProviderPathFromPSPath(Config))
        : null);

    /// <summary><c>nssdir=</c> of the config's <c>config setup</c>, null when it sets none; a config that is not there is a terminating error.</summary>
    private string? NssDirectoryOf(string configPath)
    {
        if (!File.Exists(configPath))
        {
            ThrowTerminatingError(new ErrorRecord(
                new FileNotFoundException($"The configuration {configPath} does not exist, so its nssdir= cannot name the certificate store; give -StorePath instead, or the right -Config.", configPath),
                "ConfigNotFound", ErrorCategory.ObjectNotFound, configPath));
        }

        return Engine.Config.IpsecConfReader.Read(configPath).Setup.NssDirectory;
    }

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
