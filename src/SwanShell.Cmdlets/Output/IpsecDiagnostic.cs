using System.Globalization;
using System.Text;
using SwanShell.Engine.Control;

namespace SwanShell;

/// <summary>
/// <c>ipsec barf</c> as one object: versions, the daemon's status, connections and SAs, its kernel state, the host's XFRM
/// state and policies, routes, sysctls, the configuration and the end of the daemon's log. Every secret is redacted
/// before it is stored here; <see cref="ToText"/> is the report people attach to a bug.
/// </summary>
public sealed class IpsecDiagnostic
{
    internal IpsecDiagnostic(
        IpsecVersion version,
        IpsecServiceStatus service,
        IpsecGlobalStatus? globalStatus,
        IReadOnlyList<IpsecConnectionStatus> connections,
        IpsecKernelState? kernelState,
        IReadOnlyDictionary<string, string> sysctls,
        IReadOnlyList<IpsecDiagnosticSection> sections,
        IReadOnlyList<string> problems)
    {
        Version = version;
        Service = service;
        GlobalStatus = globalStatus;
        Connections = [.. connections];
        KernelState = kernelState;
        Sysctls = sysctls;
        Sections = [.. sections];
        Problems = [.. problems];
    }

    public DateTimeOffset CollectedAt { get; } = DateTimeOffset.UtcNow;

    public string HostName { get; } = Environment.MachineName;

    public IpsecVersion Version { get; }

    public IpsecServiceStatus Service { get; }

    /// <summary>Null when the daemon did not answer.</summary>
    public IpsecGlobalStatus? GlobalStatus { get; }

    public IpsecConnectionStatus[] Connections { get; }

    /// <summary>The SAs (without keys) and policies the daemon installed; null when it did not answer.</summary>
    public IpsecKernelState? KernelState { get; }

    /// <summary>The kernel settings that matter to IPsec (forwarding, rp_filter, redirects, XFRM).</summary>
    public IReadOnlyDictionary<string, string> Sysctls { get; }

    /// <summary>The text parts: ip xfrm state and policy, routes, addresses, ipsec.conf, ipsec.secrets (secrets redacted), the daemon log.</summary>
    public IpsecDiagnosticSection[] Sections { get; }

    /// <summary>What could not be collected, and why.</summary>
    public string[] Problems { get; }

    /// <summary>The whole report as text, section by section.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        void Section(string title, IEnumerable<string> lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"== {title} ==\n");
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }

            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"SwanShell diagnostic report (ipsec barf) of {HostName}, collected {CollectedAt:yyyy-MM-ddTHH:mm:ssZ}\n\n");
        Section("version", [$"Linux {Version} ({Version.Stack})", $"module directory: {Version.ModuleDirectory}"]);
        Section("daemon", [Service.ToString(), $"run directory: {Service.RunDirectory}", .. Service.Problems.Select(p => $"problem: {p}")]);
        if (GlobalStatus is { } global)
        {
            Section("global status", typeof(IpsecGlobalStatus).GetProperties().Select(p => $"{p.Name}={Value(p.GetValue(global))}"));
        }

        Section("connections", Connections.SelectMany(ConnectionLines));
        if (KernelState is { } kernel)
        {
            Section($"kernel state of the daemon ({kernel.Backend} back end, keys never shown)", [.. kernel.Sas.Select(sa => sa.ToString()), .. kernel.Policies.Select(p => p.ToString())]);
        }

        Section("sysctl", Sysctls.Select(s => $"{s.Key} = {s.Value}"));
        foreach (var section in Sections)
        {
            Section($"{section.Title} ({section.Source})", section.Text.TrimEnd('\n').Split('\n'));
        }

        Section("problems while collecting", Problems.Length == 0 ? ["none"] : Problems);
        return text.ToString();
    }

    public override string ToString() =>
        $"{HostName} {CollectedAt:yyyy-MM-ddTHH:mm:ssZ}: {Connections.Length} connection(s), {Sections.Length} section(s), {Problems.Length} problem(s)";

    private static IEnumerable<string> ConnectionLines(IpsecConnectionStatus c)
    {
        yield return $"\"{c.Name}\": {c.LocalAddress}[{c.LocalId}]...{c.RemoteAddress?.ToString() ?? "%any"}[{c.RemoteId}] {string.Join(',', c.LocalSubnets)}==={string.Join(',', c.RemoteSubnets)}; {c.State}; {c.Type}; auto={c.Auto}; reqid {c.Reqid}";
        foreach (var ike in c.IkeSas)
        {
            yield return $"  #{ike.Serial}: IKE SA {ike.State} {ike.Role} {ike.LocalEndpoint} <-> {ike.RemoteEndpoint} SPIs {ike.InitiatorSpi}:{ike.ResponderSpi} {ike.Encryption}/{ike.Integrity}/{ike.Prf}/{ike.KeyExchange}{(ike.NatDetected ? " NAT" : string.Empty)}";
        }

        foreach (var child in c.ChildSas)
        {
            yield return $"  #{child.Serial}: Child SA {child.State} of IKE SA #{child.IkeSaSerial} {child.Protocol} {child.Mode} in 0x{child.InboundSpi} out 0x{child.OutboundSpi} {child.Encryption}{(child.Integrity is null ? string.Empty : $"/{child.Integrity}")} {string.Join(',', child.LocalTrafficSelectors)}==={string.Join(',', child.RemoteTrafficSelectors)} in {child.BytesIn}B/{child.PacketsIn}p out {child.BytesOut}B/{child.PacketsOut}p";
        }
    }

    private static string Value(object? value) => value switch
    {
        null => string.Empty,
        IEnumerable<string> list => string.Join(' ', list),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
