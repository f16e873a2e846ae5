using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// NAT_DETECTION_SOURCE_IP / NAT_DETECTION_DESTINATION_IP data (RFC 7296 §2.23): SHA-1(SPIi | SPIr | IP | port),
/// with SPIr zero in the request. A peer whose source does not hash to what it sent is behind a NAT; so are we when
/// our own address does not hash to the destination it saw.
/// </summary>
public static class NatDetection
{
    /// <summary>IKE moves to this port once a NAT is detected (RFC 3948).</summary>
    public const int NatTraversalPort = 4500;

    public static byte[] Hash(ulong initiatorSpi, ulong responderSpi, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var address = endPoint.Address.GetAddressBytes();
        var data = new byte[16 + address.Length + 2];
        BinaryPrimitives.WriteUInt64BigEndian(data, initiatorSpi);
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(8), responderSpi);
        address.CopyTo(data, 16);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(16 + address.Length), (ushort)endPoint.Port);
#pragma warning disable CA5350 // RFC 7296 §2.23 fixes SHA-1 for these hashes; they only detect address rewriting.
        return SHA1.HashData(data);
#pragma warning restore CA5350
    }

    /// <summary>Adds our two NAT detection notifies for the message about to go from <paramref name="local"/> to <paramref name="remote"/>.</summary>
    internal static void AddNotifies(List<IkePayload> payloads, ulong initiatorSpi, ulong responderSpi, IPEndPoint local, IPEndPoint remote)
    {
        payloads.Add(new NotifyPayload(NotifyMessageType.NAT_DETECTION_SOURCE_IP, Hash(initiatorSpi, responderSpi, local)));
        payloads.Add(new NotifyPayload(NotifyMessageType.NAT_DETECTION_DESTINATION_IP, Hash(initiatorSpi, responderSpi, remote)));
    }

    /// <summary>Compares the peer's notifies with the addresses the message actually travelled between; no notifies, no verdict.</summary>
    internal static void Check(IkeSa sa, IReadOnlyList<IkePayload> payloads, ulong responderSpi)
    {
        var sources = payloads.OfType<NotifyPayload>().Where(n => n.NotifyType == NotifyMessageType.NAT_DETECTION_SOURCE_IP).ToList();
        var destination = payloads.FindNotify(NotifyMessageType.NAT_DETECTION_DESTINATION_IP);
        if (sources.Count == 0 || destination is null)
        {
            return;
        }

        var seenSource = Hash(sa.InitiatorSpi, responderSpi, sa.Remote);
        sa.RemoteBehindNat = !sources.Any(s => s.NotificationData.Span.SequenceEqual(seenSource));
        sa.LocalBehindNat = !destination.NotificationData.Span.SequenceEqual(Hash(sa.InitiatorSpi, responderSpi, sa.Local));
    }
}
