using System.Globalization;
using SwanShell.Engine.Kernel;

namespace SwanShell.Engine.Daemon;

/// <summary>The daemon's kernel state for a bug report: every SA and policy of ours, with algorithms and key lengths but never keys.</summary>
internal static class KernelStateReport
{
    public static IpsecKernelState Of(IKernel kernel) =>
        new(kernel.Name, [.. kernel.ListSas().Select(Of)], [.. kernel.ListPolicies().Select(Of)]);

    public static IpsecKernelSa Of(KernelSaState state)
    {
        var sa = state.Sa;
        return new IpsecKernelSa
        {
            Source = sa.Source.ToString(),
            Destination = sa.Id.Destination.ToString(),
            Protocol = sa.Id.Protocol.ToString().ToLowerInvariant(),
            Spi = sa.Id.Spi.ToString("x8", CultureInfo.InvariantCulture),
            Mode = sa.Mode.ToString().ToLowerInvariant(),
            Reqid = sa.Reqid,
            // SaAlgorithms prints transform ids and key lengths only.
            Algorithms = sa.Algorithms.ToString(),
            Encapsulation = sa.Encapsulation is { } udp ? $"espinudp {udp.SourcePort} {udp.DestinationPort}" : null,
            Mark = MarkOf(sa.Id.Mark),
            Bytes = state.Bytes,
            Packets = state.Packets,
            InstalledAt = state.InstalledAt,
        };
    }

    public static IpsecKernelPolicy Of(KernelPolicy policy) => new()
    {
        Selector = policy.Id.Selector.ToString(),
        Direction = policy.Id.Direction.ToString().ToLowerInvariant(),
        Kind = policy.Kind.ToString().ToLowerInvariant(),
        Priority = policy.Priority,
        Template = policy.Template is { } t ? $"src {t.Source} dst {t.Destination} proto {t.Protocol.ToString().ToLowerInvariant()} mode {t.Mode.ToString().ToLowerInvariant()} reqid {t.Reqid}" : null,
        Mark = MarkOf(policy.Id.Mark),
    };

    /// <summary>A mark as status objects show it: null when there is none.</summary>
    public static string? MarkOf(KernelMark mark) => mark.IsSet ? mark.ToString() : null;
}
