using System.Net.Sockets;

namespace SwanShell.Engine.Config;

/// <summary>
/// Checks ipsec.conf against ipsec.secrets before any peer calls: every conn that authenticates with a PSK
/// must find one for its IDs (either end may be the local one, since orientation happens later).
/// </summary>
public static class SecretsCheck
{
    public static IReadOnlyList<ConfigDiagnostic> Check(IpsecConfiguration config, IpsecSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(secrets);
        var diagnostics = new DiagnosticList();
        foreach (var conn in config.Connections.Where(UsesPreSharedKey))
        {
            var left = IdOf(conn.Left);
            var right = IdOf(conn.Right);
            var entry = secrets.FindPreSharedKey(left, right, out var ambiguous) ?? secrets.FindPreSharedKey(right, left, out ambiguous);
            if (entry is null)
            {
                var ids = $"{Show(left, conn.Left)} and {Show(right, conn.Right)}";
                diagnostics.Error(conn.Location, "authby", $"conn '{conn.Name}' authenticates with a PSK, but ipsec.secrets has none for {ids}", $"add a line such as: {Show(left, conn.Left)} {Show(right, conn.Right)} : PSK \"…\"");
            }
            else if (ambiguous)
            {
                diagnostics.Warning(entry.Location, null, $"several ipsec.secrets records with different secrets match conn '{conn.Name}'; the first one is used");
            }
        }

        return diagnostics.Items;
    }

    private static bool UsesPreSharedKey(ConnectionDefinition conn) =>
        conn.AuthBy.Contains(AuthenticationMethod.Secret) || conn.Left.Authentication == AuthenticationMethod.Secret || conn.Right.Authentication == AuthenticationMethod.Secret;

    /// <summary>The ID an end sends: its leftid=, else its address (libreswan's default); unknown for %any and names.</summary>
    private static IkeIdentity? IdOf(ConnectionEnd end) =>
        end.Id ?? (end.Host.Address is { } address && end.Host.Kind == HostAddressKind.Address
            ? new IkeIdentity(address.AddressFamily == AddressFamily.InterNetwork ? IkeIdentityKind.Ipv4Address : IkeIdentityKind.Ipv6Address, address.ToString())
            : null);

    private static string Show(IkeIdentity? id, ConnectionEnd end) => id?.ToString() ?? end.Host.ToString();
}
