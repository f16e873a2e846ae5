using System.Management.Automation;
using SwanShell.Engine.Config;

namespace SwanShell.Internal;

/// <summary>Where the offline cmdlets find ipsec.conf and ipsec.secrets, and reading them with their checks.</summary>
internal static class ConfigurationFiles
{
    public const string DefaultConfig = "/etc/ipsec.conf";

    /// <summary>
    /// The conf's diagnostics plus those of the secrets its PSK conns need: secretsfile= if set, else the
    /// ipsec.secrets next to the conf (/etc/ipsec.secrets for the default conf).
    /// </summary>
    public static IReadOnlyList<ConfigDiagnostic> Check(string configPath, string rootDirectory)
    {
        var config = IpsecConfReader.Read(configPath, rootDirectory);
        if (!config.Connections.Any(UsesPreSharedKey))
        {
            return config.Diagnostics;
        }

        var secretsPath = config.Setup.SecretsFile != new SetupDefinition().SecretsFile
            ? config.Setup.SecretsFile
            : ConfigFileSystem.Combine(ConfigFileSystem.DirectoryOf(ConfigFileSystem.Combine("/", configPath)), "ipsec.secrets");
        using var secrets = IpsecSecrets.Read(secretsPath, rootDirectory);
        return [.. config.Diagnostics, .. secrets.Diagnostics, .. SecretsCheck.Check(config, secrets)];
    }

    /// <summary>
    /// The root and the conf path in it: with -RootDirectory every path, -Config included, is taken under that
    /// directory (so absolute includes such as /etc/ipsec.d/*.conf stay inside it); without, -Config is a
    /// PowerShell path and the root is /.
    /// </summary>
    public static (string Root, string Config) Locate(PSCmdlet cmdlet, string config, string? rootDirectory) =>
        rootDirectory is null
            ? ("/", cmdlet.GetUnresolvedProviderPathFromPSPath(config))
            : (cmdlet.GetUnresolvedProviderPathFromPSPath(rootDirectory), config);

    private static bool UsesPreSharedKey(ConnectionDefinition conn) =>
        conn.AuthBy.Contains(AuthenticationMethod.Secret) || conn.Left.Authentication == AuthenticationMethod.Secret || conn.Right.Authentication == AuthenticationMethod.Secret;
}
