using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SwanShell.Engine.Kernel.Xfrm.Netlink;
using SwanShell.Engine.Kernel.Xfrm.Routing;
using SwanShell.Engine.Kernel.Xfrm.Structs;

namespace SwanShell.UnitTests.Kernel.Xfrm;

/// <summary>
/// The structs must be byte for byte what linux/xfrm.h, netlink.h and rtnetlink.h define on 64-bit Linux
/// (x86_64 and arm64 agree). The numbers come from sizeof/offsetof on the uapi headers compiled with gcc.
/// </summary>
public sealed class XfrmStructLayoutTests
{
    public static TheoryData<Type, int> Sizes => new()
    {
        { typeof(NetlinkHeader), 16 },
        { typeof(NetlinkAttributeHeader), 4 },
        { typeof(XfrmAddress), 16 },
        { typeof(XfrmSelector), 56 },
        { typeof(XfrmId), 24 },
        { typeof(XfrmLifetimeCfg), 64 },
        { typeof(XfrmLifetimeCur), 32 },
        { typeof(XfrmStats), 12 },
        { typeof(XfrmUserSaInfo), 224 },
        { typeof(XfrmUserSaId), 24 },
        { typeof(XfrmUserSpiInfo), 232 },
        { typeof(XfrmUserPolicyInfo), 168 },
        { typeof(XfrmUserPolicyId), 64 },
        { typeof(XfrmUserTmpl), 64 },
        { typeof(XfrmUserAcquire), 280 },
        { typeof(XfrmUserExpire), 232 },
        { typeof(XfrmMark), 8 },
        { typeof(XfrmEncapTmpl), 24 },
        { typeof(XfrmReplayStateEsn), 24 },
        { typeof(RtMsg), 12 },
        { typeof(FibRuleHdr), 12 },
        { typeof(IfInfoMsg), 16 },
        { typeof(SockAddrNetlink), 12 },
    };

    public static TheoryData<Type, string, int> Offsets => new()
    {
        { typeof(XfrmSelector), nameof(XfrmSelector.SourceAddress), 16 },
        { typeof(XfrmSelector), nameof(XfrmSelector.DestinationPort), 32 },
        { typeof(XfrmSelector), nameof(XfrmSelector.DestinationPortMask), 34 },
        { typeof(XfrmSelector), nameof(XfrmSelector.SourcePort), 36 },
        { typeof(XfrmSelector), nameof(XfrmSelector.Family), 40 },
        { typeof(XfrmSelector), nameof(XfrmSelector.DestinationPrefixLength), 42 },
        { typeof(XfrmSelector), nameof(XfrmSelector.SourcePrefixLength), 43 },
        { typeof(XfrmSelector), nameof(XfrmSelector.Protocol), 44 },
        { typeof(XfrmSelector), nameof(XfrmSelector.InterfaceIndex), 48 },
        { typeof(XfrmSelector), nameof(XfrmSelector.User), 52 },
        { typeof(XfrmId), nameof(XfrmId.Spi), 16 },
        { typeof(XfrmId), nameof(XfrmId.Protocol), 20 },
        { typeof(XfrmUserSaInfo), nameof(XfrmUserSaInfo.Id), 56 },
        { typeof(XfrmUserSaInfo), nameof(XfrmUserSaInfo.SourceAddress), 80 },
        { typeof(XfrmUserSaInfo), nameof(XfrmUserSaInfo.Lifetime), 96 },
        { typeof(XfrmUserSaInfo), nameof(XfrmUserSaInfo.Current), 160 },
        { typeof(XfrmUserSaInfo), nameof(XfrmUserSaInfo.Stats), 192 },
        { typeof(XfrmUserSaInfo), nameof(XfrmUserSaInfo.Sequence), 204 },
        { typeof(XfrmUserSaInfo), nameof(XfrmUserSaInfo.Reqid), 208 },
        { typeof(XfrmUserSaInfo), nameof(XfrmUserSaInfo.Family), 212 },
        { typeof(XfrmUserSaInfo), nameof(XfrmUserSaInfo.Mode), 214 },
        { typeof(XfrmUserSaInfo), nameof(XfrmUserSaInfo.ReplayWindow), 215 },
        { typeof(XfrmUserSaInfo), nameof(XfrmUserSaInfo.Flags), 216 },
        { typeof(XfrmUserSaId), nameof(XfrmUserSaId.Spi), 16 },
        { typeof(XfrmUserSaId), nameof(XfrmUserSaId.Family), 20 },
        { typeof(XfrmUserSaId), nameof(XfrmUserSaId.Protocol), 22 },
        { typeof(XfrmUserSpiInfo), nameof(XfrmUserSpiInfo.Min), 224 },
        { typeof(XfrmUserPolicyInfo), nameof(XfrmUserPolicyInfo.Lifetime), 56 },
        { typeof(XfrmUserPolicyInfo), nameof(XfrmUserPolicyInfo.Current), 120 },
        { typeof(XfrmUserPolicyInfo), nameof(XfrmUserPolicyInfo.Priority), 152 },
        { typeof(XfrmUserPolicyInfo), nameof(XfrmUserPolicyInfo.Index), 156 },
        { typeof(XfrmUserPolicyInfo), nameof(XfrmUserPolicyInfo.Direction), 160 },
        { typeof(XfrmUserPolicyInfo), nameof(XfrmUserPolicyInfo.Action), 161 },
        { typeof(XfrmUserPolicyInfo), nameof(XfrmUserPolicyInfo.Flags), 162 },
        { typeof(XfrmUserPolicyInfo), nameof(XfrmUserPolicyInfo.Share), 163 },
        { typeof(XfrmUserPolicyId), nameof(XfrmUserPolicyId.Index), 56 },
        { typeof(XfrmUserPolicyId), nameof(XfrmUserPolicyId.Direction), 60 },
        { typeof(XfrmUserTmpl), nameof(XfrmUserTmpl.Family), 24 },
        { typeof(XfrmUserTmpl), nameof(XfrmUserTmpl.SourceAddress), 28 },
        { typeof(XfrmUserTmpl), nameof(XfrmUserTmpl.Reqid), 44 },
        { typeof(XfrmUserTmpl), nameof(XfrmUserTmpl.Mode), 48 },
        { typeof(XfrmUserTmpl), nameof(XfrmUserTmpl.Share), 49 },
        { typeof(XfrmUserTmpl), nameof(XfrmUserTmpl.Optional), 50 },
        { typeof(XfrmUserTmpl), nameof(XfrmUserTmpl.AuthAlgorithms), 52 },
        { typeof(XfrmUserTmpl), nameof(XfrmUserTmpl.EncryptionAlgorithms), 56 },
        { typeof(XfrmUserTmpl), nameof(XfrmUserTmpl.CompressionAlgorithms), 60 },
        { typeof(XfrmUserAcquire), nameof(XfrmUserAcquire.SourceAddress), 24 },
        { typeof(XfrmUserAcquire), nameof(XfrmUserAcquire.Selector), 40 },
        { typeof(XfrmUserAcquire), nameof(XfrmUserAcquire.Policy), 96 },
        { typeof(XfrmUserAcquire), nameof(XfrmUserAcquire.AuthAlgorithms), 264 },
        { typeof(XfrmUserAcquire), nameof(XfrmUserAcquire.Sequence), 276 },
        { typeof(XfrmUserExpire), nameof(XfrmUserExpire.Hard), 224 },
        { typeof(XfrmEncapTmpl), nameof(XfrmEncapTmpl.OriginalAddress), 8 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Struct_HasTheKernelsSize(Type type, int size)
    {
        // Marshal's size and the in-memory size MemoryMarshal reads and writes with must both match.
        var inMemory = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;
        Assert.Equal((size, size), (Marshal.SizeOf(type), inMemory));
    }

    [Theory]
    [MemberData(nameof(Offsets))]
    public void Field_IsAtTheKernelsOffset(Type type, string field, int offset) => Assert.Equal(offset, (int)Marshal.OffsetOf(type, field));
}
