using System.Net;
using System.Runtime.InteropServices;
using SwanShell.Engine.Kernel.Xfrm.Netlink;
using SwanShell.Engine.Kernel.Xfrm.Structs;

namespace SwanShell.Engine.Kernel.Xfrm;

/// <summary>
/// The XFRM requests SwanShell sends and the answers and events it reads, between the kernel records of
/// <see cref="IKernel"/> and the uapi structs. Pure: no socket here, so every byte is unit-testable.
/// Reqids cross this boundary translated by <see cref="XfrmOwnership"/>.
/// </summary>
internal static class XfrmMessages
{
    /// <summary>The lowest SPI the kernel may hand out: 1–255 are reserved by IANA.</summary>
    public const uint SpiMin = 0x100;

    public static NetlinkMessageWriter AllocateSpi(IPAddress source, IPAddress destination, IpsecProtocol protocol, uint reqid)
    {
        var family = AddressFamilies.Of(destination);
        var request = new XfrmUserSpiInfo
        {
            Info = new XfrmUserSaInfo
            {
                Selector = XfrmSelectors.Any(family),
                Id = new XfrmId { DestinationAddress = XfrmAddress.From(destination), Protocol = (byte)protocol },
                SourceAddress = XfrmAddress.From(source),
                Family = family,
                Reqid = XfrmOwnership.KernelReqid(reqid),
            },
            Min = SpiMin,
            Max = uint.MaxValue,
        };
        return new NetlinkMessageWriter(XfrmMessageType.AllocSpi, NetlinkFlags.None).Write(request);
    }

    /// <summary>XFRM_MSG_NEWSA, or XFRM_MSG_UPDSA to fill in the larval SA that ALLOCSPI left for an SPI of ours.</summary>
    public static NetlinkMessageWriter AddSa(KernelSa sa, bool update)
    {
        var family = AddressFamilies.Of(sa.Id.Destination);
        var useEsnState = sa.ExtendedSequenceNumbers || sa.ReplayWindow > byte.MaxValue;
        var info = new XfrmUserSaInfo
        {
            Selector = sa.Selector is { } selector ? XfrmSelectors.From(selector) : XfrmSelectors.Any(family),
            Id = new XfrmId { DestinationAddress = XfrmAddress.From(sa.Id.Destination), Spi = BigEndian.Swap(sa.Id.Spi), Protocol = (byte)sa.Id.Protocol },
            SourceAddress = XfrmAddress.From(sa.Source),
            Lifetime = Lifetime(sa.Lifetime),
            Family = family,
            Mode = (byte)sa.Mode,
            Reqid = XfrmOwnership.KernelReqid(sa.Reqid),

            // The kernel refuses a legacy window alongside XFRMA_REPLAY_ESN_VAL, which carries it instead.
            ReplayWindow = useEsnState ? (byte)0 : (byte)sa.ReplayWindow,
            Flags = sa.ExtendedSequenceNumbers ? XfrmUserSaInfo.FlagEsn : (byte)0,
        };
        var request = new NetlinkMessageWriter(update ? XfrmMessageType.UpdSa : XfrmMessageType.NewSa, NetlinkFlags.None).Write(info);

        var encryption = XfrmAlgorithm.Encryption(sa.Algorithms.EncryptionId);
        request.Attribute(encryption.Attribute, encryption.Encode(sa.Algorithms.EncryptionKey));
        if (sa.Algorithms.IntegrityId is { } integrityId)
        {
            var integrity = XfrmAlgorithm.Integrity(integrityId);
            request.Attribute(integrity.Attribute, integrity.Encode(sa.Algorithms.IntegrityKey ?? []));
        }

        if (sa.Encapsulation is { } encapsulation)
        {
            request.Attribute(XfrmAttribute.Encap, new XfrmEncapTmpl
            {
                Type = XfrmEncapTmpl.EspInUdp,
                SourcePort = BigEndian.Swap(encapsulation.SourcePort),
                DestinationPort = BigEndian.Swap(encapsulation.DestinationPort),
            });
        }

        if (useEsnState)
        {
            request.Attribute(XfrmAttribute.ReplayEsnVal, ReplayState(sa.ReplayWindow));
        }

        return WithMark(request, sa.Id.Mark);
    }

    /// <summary>XFRM_MSG_GETSA or XFRM_MSG_DELSA for one SA.</summary>
    public static NetlinkMessageWriter SaById(ushort type, KernelSaId id)
    {
        var request = new XfrmUserSaId
        {
            DestinationAddress = XfrmAddress.From(id.Destination),
            Spi = BigEndian.Swap(id.Spi),
            Family = AddressFamilies.Of(id.Destination),
            Protocol = (byte)id.Protocol,
        };
        return WithMark(new NetlinkMessageWriter(type, NetlinkFlags.None).Write(request), id.Mark);
    }

    /// <summary>A dump of every SA or every policy: the request has no payload, so nothing is filtered.</summary>
    public static NetlinkMessageWriter Dump(ushort type) => new(type, NetlinkFlags.Dump);

    /// <summary>The SPI of ALLOCSPI's answer, a NEWSA message describing the larval SA.</summary>
    public static uint ReadSpi(NetlinkMessage answer) => BigEndian.Swap(answer.Read<XfrmUserSaInfo>().Id.Spi);

    /// <summary>
    /// An SA from a NEWSA answer or dump entry; null when it is not ours or is a larval SA (an allocated SPI or a
    /// pending ACQUIRE: it has no algorithm yet).
    /// </summary>
    public static KernelSaState? ReadSa(NetlinkMessage message)
    {
        if (ReadSaId(message) is not (var id, false))
        {
            return null;
        }

        var info = message.Read<XfrmUserSaInfo>();
        var attributes = message.Attributes(Marshal.SizeOf<XfrmUserSaInfo>());
        var (cipher, cipherKey) = attributes.Get(XfrmAttribute.AlgAead) is { } aead
            ? XfrmAlgorithm.Decode(XfrmAttribute.AlgAead, aead.Span)
            : XfrmAlgorithm.Decode(XfrmAttribute.AlgCrypt, attributes.Get(XfrmAttribute.AlgCrypt)!.Value.Span);

        var integrity = attributes.Get(XfrmAttribute.AlgAuthTrunc) is { } auth ? XfrmAlgorithm.Decode(XfrmAttribute.AlgAuthTrunc, auth.Span) : ((XfrmAlgorithm, byte[])?)null;
        var esn = attributes.Get<XfrmReplayStateEsn>(XfrmAttribute.ReplayEsnVal);
        var encapsulation = attributes.Get<XfrmEncapTmpl>(XfrmAttribute.Encap);
        var sa = new KernelSa(
            id,
            info.SourceAddress.ToIPAddress(info.Family),
            XfrmOwnership.EngineReqid(info.Reqid),
            (IpsecMode)info.Mode,
            new SaAlgorithms(cipher.IkeId, cipherKey, integrity?.Item1.IkeId, integrity?.Item2),
            Lifetime(info.Lifetime),
            esn?.ReplayWindow ?? info.ReplayWindow,
            (info.Flags & XfrmUserSaInfo.FlagEsn) != 0,
            encapsulation is { } encap ? new UdpEncapsulation(BigEndian.Swap(encap.SourcePort), BigEndian.Swap(encap.DestinationPort)) : null,
            XfrmSelectors.IsAny(info.Selector) ? null : XfrmSelectors.To(info.Selector));
        return new KernelSaState(
            sa,
            info.Current.Bytes,
            info.Current.Packets,
            DateTimeOffset.FromUnixTimeSeconds((long)info.Current.AddTime),
            info.Current.UseTime == 0 ? null : DateTimeOffset.FromUnixTimeSeconds((long)info.Current.UseTime));
    }

    /// <summary>
    /// The id of an SA of ours from a NEWSA answer or dump entry, and whether it is larval (no algorithm yet); null
    /// for anyone else's SA.
    /// </summary>
    public static (KernelSaId Id, bool Larval)? ReadSaId(NetlinkMessage message)
    {
        var info = message.Read<XfrmUserSaInfo>();
        if (!XfrmOwnership.IsOurReqid(info.Reqid))
        {
            return null;
        }

        var attributes = message.Attributes(Marshal.SizeOf<XfrmUserSaInfo>());
        var id = new KernelSaId(info.Id.DestinationAddress.ToIPAddress(info.Family), BigEndian.Swap(info.Id.Spi), (IpsecProtocol)info.Id.Protocol, ReadMark(attributes));
        return (id, !attributes.Contains(XfrmAttribute.AlgAead) && !attributes.Contains(XfrmAttribute.AlgCrypt));
    }

    /// <summary>XFRM_MSG_NEWPOLICY or XFRM_MSG_UPDPOLICY; <paramref name="index"/> marks it as ours.</summary>
    public static NetlinkMessageWriter AddPolicy(KernelPolicy policy, uint index, bool update)
    {
        var info = new XfrmUserPolicyInfo
        {
            Selector = XfrmSelectors.From(policy.Id.Selector),
            Lifetime = XfrmLifetimeCfg.Unlimited,
            Priority = policy.Priority,
            Index = index,
            Direction = (byte)policy.Id.Direction,
            Action = policy.Kind == PolicyKind.Drop ? XfrmUserPolicyInfo.ActionBlock : XfrmUserPolicyInfo.ActionAllow,
        };
        var request = new NetlinkMessageWriter(update ? XfrmMessageType.UpdPolicy : XfrmMessageType.NewPolicy, NetlinkFlags.None).Write(info);
        if (policy.Kind is PolicyKind.Ipsec or PolicyKind.Trap)
        {
            var template = policy.Template ?? throw new ArgumentException($"The {policy.Kind} policy {policy.Id} needs a template.", nameof(policy));
            request.Attribute(XfrmAttribute.Tmpl, Template(template));
        }

        return WithMark(request, policy.Id.Mark);
    }

    /// <summary>XFRM_MSG_GETPOLICY or XFRM_MSG_DELPOLICY for the policy with this selector, direction and mark.</summary>
    public static NetlinkMessageWriter PolicyById(ushort type, KernelPolicyId id)
    {
        var request = new XfrmUserPolicyId { Selector = XfrmSelectors.From(id.Selector), Direction = (byte)id.Direction };
        return WithMark(new NetlinkMessageWriter(type, NetlinkFlags.None).Write(request), id.Mark);
    }

    /// <summary>
    /// A policy from a GETPOLICY answer or dump entry, with its index; null when it is not ours. XFRM has no
    /// notion of a trap: a policy with a template reads as <see cref="PolicyKind.Ipsec"/>, and the caller decides
    /// whether its SA exists.
    /// </summary>
    public static (KernelPolicy Policy, uint Index)? ReadPolicy(NetlinkMessage message)
    {
        var info = message.Read<XfrmUserPolicyInfo>();
        if (!XfrmOwnership.IsOurPolicy(info.Index))
        {
            return null;
        }

        var attributes = message.Attributes(Marshal.SizeOf<XfrmUserPolicyInfo>());
        var template = attributes.Get<XfrmUserTmpl>(XfrmAttribute.Tmpl) is { } tmpl ? ReadTemplate(tmpl) : null;
        var kind = info.Action == XfrmUserPolicyInfo.ActionBlock ? PolicyKind.Drop : template is null ? PolicyKind.Pass : PolicyKind.Ipsec;
        var id = new KernelPolicyId(XfrmSelectors.To(info.Selector), (PolicyDirection)info.Direction, ReadMark(attributes));
        return (new KernelPolicy(id, kind, info.Priority, template), info.Index);
    }

    /// <summary>An ACQUIRE for a trap of ours; null for anyone else's.</summary>
    public static AcquireEvent? ReadAcquire(NetlinkMessage message)
    {
        var acquire = message.Read<XfrmUserAcquire>();
        var attributes = message.Attributes(Marshal.SizeOf<XfrmUserAcquire>());
        if (!XfrmOwnership.IsOurPolicy(acquire.Policy.Index) || attributes.Get<XfrmUserTmpl>(XfrmAttribute.Tmpl) is not { } template || !XfrmOwnership.IsOurReqid(template.Reqid))
        {
            return null;
        }

        var policy = new KernelPolicyId(XfrmSelectors.To(acquire.Policy.Selector), (PolicyDirection)acquire.Policy.Direction, ReadMark(attributes));
        return new AcquireEvent(policy, XfrmSelectors.To(acquire.Selector), XfrmOwnership.EngineReqid(template.Reqid));
    }

    /// <summary>An EXPIRE of an SA of ours; null for anyone else's.</summary>
    public static ExpireEvent? ReadExpire(NetlinkMessage message)
    {
        var expire = message.Read<XfrmUserExpire>();
        var state = expire.State;
        if (!XfrmOwnership.IsOurReqid(state.Reqid))
        {
            return null;
        }

        var attributes = message.Attributes(Marshal.SizeOf<XfrmUserExpire>());
        var id = new KernelSaId(state.Id.DestinationAddress.ToIPAddress(state.Family), BigEndian.Swap(state.Id.Spi), (IpsecProtocol)state.Id.Protocol, ReadMark(attributes));
        return new ExpireEvent(id, XfrmOwnership.EngineReqid(state.Reqid), expire.Hard != 0);
    }

    private static XfrmUserTmpl Template(IpsecTemplate template) => new()
    {
        Id = new XfrmId { DestinationAddress = XfrmAddress.From(template.Destination), Protocol = (byte)template.Protocol },
        Family = AddressFamilies.Of(template.Destination),
        SourceAddress = XfrmAddress.From(template.Source),
        Reqid = XfrmOwnership.KernelReqid(template.Reqid),
        Mode = (byte)template.Mode,
        AuthAlgorithms = XfrmUserTmpl.AnyAlgorithm,
        EncryptionAlgorithms = XfrmUserTmpl.AnyAlgorithm,
        CompressionAlgorithms = XfrmUserTmpl.AnyAlgorithm,
    };

    private static IpsecTemplate? ReadTemplate(in XfrmUserTmpl template) =>
        XfrmOwnership.IsOurReqid(template.Reqid)
            ? new IpsecTemplate(
                template.SourceAddress.ToIPAddress(template.Family),
                template.Id.DestinationAddress.ToIPAddress(template.Family),
                (IpsecProtocol)template.Id.Protocol,
                (IpsecMode)template.Mode,
                XfrmOwnership.EngineReqid(template.Reqid))
            : null;

    private static XfrmLifetimeCfg Lifetime(KernelLifetime lifetime) => new()
    {
        SoftByteLimit = lifetime.SoftBytes ?? XfrmLifetimeCfg.Infinite,
        HardByteLimit = lifetime.HardBytes ?? XfrmLifetimeCfg.Infinite,
        SoftPacketLimit = lifetime.SoftPackets ?? XfrmLifetimeCfg.Infinite,
        HardPacketLimit = lifetime.HardPackets ?? XfrmLifetimeCfg.Infinite,

        // Zero seconds means no limit to the kernel, so a limit rounds up to at least one second.
        SoftAddExpiresSeconds = Seconds(lifetime.SoftTime),
        HardAddExpiresSeconds = Seconds(lifetime.HardTime),
    };

    private static KernelLifetime Lifetime(in XfrmLifetimeCfg lifetime) => new(
        Time(lifetime.SoftAddExpiresSeconds),
        Time(lifetime.HardAddExpiresSeconds),
        Limit(lifetime.SoftByteLimit),
        Limit(lifetime.HardByteLimit),
        Limit(lifetime.SoftPacketLimit),
        Limit(lifetime.HardPacketLimit));

    private static ulong Seconds(TimeSpan? time) => time is { } t ? (ulong)Math.Max(1, Math.Ceiling(t.TotalSeconds)) : 0;

    private static TimeSpan? Time(ulong seconds) => seconds == 0 ? null : TimeSpan.FromSeconds(seconds);

    private static ulong? Limit(ulong value) => value == XfrmLifetimeCfg.Infinite ? null : value;

    /// <summary>XFRMA_REPLAY_ESN_VAL: the state header and a zeroed bitmap of one bit per packet of the window.</summary>
    private static byte[] ReplayState(uint window)
    {
        var words = (window + 31) / 32;
        var state = new XfrmReplayStateEsn { BitmapLength = words, ReplayWindow = window };
        var payload = new byte[Marshal.SizeOf<XfrmReplayStateEsn>() + (words * 4)];
        MemoryMarshal.Write(payload, in state);
        return payload;
    }

    private static NetlinkMessageWriter WithMark(NetlinkMessageWriter request, KernelMark mark) =>
        mark.IsSet ? request.Attribute(XfrmAttribute.Mark, new XfrmMark { Value = mark.Value, Mask = mark.Mask }) : request;

    private static KernelMark ReadMark(NetlinkAttributes attributes) =>
        attributes.Get<XfrmMark>(XfrmAttribute.Mark) is { } mark ? new KernelMark(mark.Value, mark.Mask) : default;
}
