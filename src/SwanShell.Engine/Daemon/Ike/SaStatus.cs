using System.Globalization;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Kernel;

namespace SwanShell.Engine.Daemon.Ike;

/// <summary>The status objects of IKE and Child SAs: names, SPIs, algorithms, endpoints, counters. Never keys.</summary>
internal static class SaStatus
{
    public static IpsecIkeSa Of(ActiveIkeSa active)
    {
        var sa = active.Sa;
        var algorithms = sa.Algorithms;
        return new IpsecIkeSa
        {
            Serial = active.Serial,
            Connection = active.Connection.Name,
            State = sa.State.ToString(),
            Role = sa.IsOriginalInitiator ? "Initiator" : "Responder",
            InitiatorSpi = sa.InitiatorSpi.ToString("x16", CultureInfo.InvariantCulture),
            ResponderSpi = sa.ResponderSpi.ToString("x16", CultureInfo.InvariantCulture),
            LocalEndpoint = sa.Local.ToString(),
            RemoteEndpoint = sa.Remote.ToString(),
            LocalId = sa.Options.LocalIdentity.ToString(),
            RemoteId = sa.RemoteIdentity?.ToString(),
            Encryption = algorithms?.Encryption.ToString(),
            Integrity = algorithms?.Integrity?.ToString(),
            Prf = algorithms?.Prf.ToString(),
            KeyExchange = algorithms?.KeyExchange.ToString(),
            NatDetected = sa.NatDetected,
            EstablishedAt = active.EstablishedAt,
            ExpiresAt = active.EstablishedAt + active.Connection.Definition.IkeLifetime,
            RekeyAt = active.RekeyAt,
        };
    }

    public static IpsecChildSa Of(ActiveIkeSa active, InstalledChildSa installed, IKernel kernel)
    {
        var child = installed.ChildSa;
        var inbound = Counters(kernel, installed.Inbound.Id);
        var outbound = Counters(kernel, installed.Outbound.Id);
        var definition = active.Connection.Definition;
        return new IpsecChildSa
        {
            Serial = installed.Serial,
            Connection = active.Connection.Name,
            IkeSaSerial = active.Serial,
            State = inbound is null ? "Expired" : "Installed",
            Protocol = "ESP",
            Mode = installed.Inbound.Mode.ToString(),
            InboundSpi = child.InboundSpi.ToString("x8", CultureInfo.InvariantCulture),
            OutboundSpi = child.OutboundSpi.ToString("x8", CultureInfo.InvariantCulture),
            Reqid = installed.Inbound.Reqid,
            Encryption = Name(child.Proposal, TransformType.Encryption),
            Integrity = Name(child.Proposal, TransformType.Integrity),
            LocalTrafficSelectors = [.. child.LocalTrafficSelectors.Select(ts => ts.ToString())],
            RemoteTrafficSelectors = [.. child.RemoteTrafficSelectors.Select(ts => ts.ToString())],
            UdpEncapsulation = child.UdpEncapsulation,
            MarkIn = KernelStateReport.MarkOf(installed.Inbound.Id.Mark),
            MarkOut = KernelStateReport.MarkOf(installed.Outbound.Id.Mark),
            BytesIn = inbound?.Bytes ?? 0,
            PacketsIn = inbound?.Packets ?? 0,
            BytesOut = outbound?.Bytes ?? 0,
            PacketsOut = outbound?.Packets ?? 0,
            EstablishedAt = installed.EstablishedAt,
            LastUsedAt = Latest(inbound?.LastUsedAt, outbound?.LastUsedAt),
            ExpiresAt = installed.EstablishedAt + definition.IpsecLifetime,
            RekeyAt = installed.RekeyAt,
        };
    }

    /// <summary>The IANA name of the chosen transform of a type, with its key length: e.g. ENCR_AES_GCM_16_256.</summary>
    private static string? Name(Proposal proposal, TransformType type)
    {
        var transform = proposal.Transforms.FirstOrDefault(t => t.Type == type && !(type == TransformType.Integrity && t.Id == 0));
        if (transform is null)
        {
            return null;
        }

        var name = type == TransformType.Encryption ? ((EncryptionTransformId)transform.Id).ToString() : ((IntegrityTransformId)transform.Id).ToString();
        return transform.KeyLength is { } bits ? $"{name}_{bits}" : name;
    }

    private static KernelSaState? Counters(IKernel kernel, KernelSaId id)
    {
        try
        {
            return kernel.QuerySa(id);
        }
        catch (KernelException)
        {
            return null; // Expired or removed behind our back: the status says so.
        }
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
