using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Xfrm;
using SwanShell.Engine.Kernel.Xfrm.Netlink;
using SwanShell.Engine.Kernel.Xfrm.Structs;

namespace SwanShell.UnitTests.Kernel.Xfrm;

public sealed class XfrmMessagesTests
{
    private static readonly IPAddress Local = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Remote = IPAddress.Parse("198.51.100.1");
    private static readonly TrafficSelector LocalToRemote = TrafficSelector.Between(IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("10.2.0.0/16"));
    private static readonly int SaInfoSize = Marshal.SizeOf<XfrmUserSaInfo>();

    [Fact]
    public void NewSa_CarriesIdAddressesReqidBandAndNetworkOrderSpi()
    {
        var message = Parse(XfrmMessages.AddSa(GcmSa(), update: false));
        var info = message.Read<XfrmUserSaInfo>();
        var bytes = message.Payload.Span;

        Assert.Equal(XfrmMessageType.NewSa, message.Type);
        Assert.Equal("C0000100", Convert.ToHexString(bytes.Slice(56 + 16, 4)));
        Assert.Equal((byte)IpsecProtocol.Esp, bytes[56 + 20]);
        Assert.Equal(Remote, info.Id.DestinationAddress.ToIPAddress(AddressFamilies.Inet));
        Assert.Equal(Local, info.SourceAddress.ToIPAddress(AddressFamilies.Inet));
        Assert.Equal((0xC000_0005u, AddressFamilies.Inet, (byte)IpsecMode.Tunnel), (info.Reqid, info.Family, info.Mode));
        Assert.Equal((3000ul, 3600ul, ulong.MaxValue), (info.Lifetime.SoftAddExpiresSeconds, info.Lifetime.HardAddExpiresSeconds, info.Lifetime.SoftByteLimit));
    }

    [Fact]
    public void GcmSa_IsAnAeadAttributeWithTheKernelNameAnd128BitIcv()
    {
        var key = Enumerable.Range(1, 36).Select(i => (byte)i).ToArray();
        var message = Parse(XfrmMessages.AddSa(GcmSa() with { Algorithms = new SaAlgorithms(20, key) }, update: false));

        var aead = message.Attributes(SaInfoSize).Get(XfrmAttribute.AlgAead)!.Value.Span;

        Assert.Equal("rfc4106(gcm(aes))", Encoding.ASCII.GetString(aead[..64]).TrimEnd('\0'));
        Assert.Equal((288u, 128u), (BinaryPrimitives.ReadUInt32LittleEndian(aead[64..]), BinaryPrimitives.ReadUInt32LittleEndian(aead[68..])));
        Assert.Equal(key, aead[72..].ToArray());
        Assert.False(message.Attributes(SaInfoSize).Contains(XfrmAttribute.AlgCrypt));
    }

    [Theory]
    [InlineData(12, "hmac(sha256)", 128)]
    [InlineData(13, "hmac(sha384)", 192)]
    [InlineData(14, "hmac(sha512)", 256)]
    public void CbcSa_HasCryptAndTruncatedAuthAttributes(int integrity, string name, int truncation)
    {
        var sa = GcmSa() with { Algorithms = new SaAlgorithms(12, new byte[32], integrity, new byte[truncation / 4]) };
        var attributes = Parse(XfrmMessages.AddSa(sa, update: false)).Attributes(SaInfoSize);

        var crypt = attributes.Get(XfrmAttribute.AlgCrypt)!.Value.Span;
        var auth = attributes.Get(XfrmAttribute.AlgAuthTrunc)!.Value.Span;

        Assert.Equal(("cbc(aes)", 256u, 64 + 4 + 32), (Encoding.ASCII.GetString(crypt[..64]).TrimEnd('\0'), BinaryPrimitives.ReadUInt32LittleEndian(crypt[64..]), crypt.Length));
        Assert.Equal(name, Encoding.ASCII.GetString(auth[..64]).TrimEnd('\0'));
        Assert.Equal(((uint)truncation * 2, (uint)truncation), (BinaryPrimitives.ReadUInt32LittleEndian(auth[64..]), BinaryPrimitives.ReadUInt32LittleEndian(auth[68..])));
    }

    [Fact]
    public void ChaCha20Poly1305Sa_UsesTheRfc7539EspTemplate()
    {
        var sa = GcmSa() with { Algorithms = new SaAlgorithms(28, new byte[36]) };

        var aead = Parse(XfrmMessages.AddSa(sa, update: false)).Attributes(SaInfoSize).Get(XfrmAttribute.AlgAead)!.Value.Span;

        Assert.Equal("rfc7539esp(chacha20,poly1305)", Encoding.ASCII.GetString(aead[..64]).TrimEnd('\0'));
    }

    [Fact]
    public void EsnSa_MovesTheWindowIntoTheReplayStateAttribute()
    {
        var message = Parse(XfrmMessages.AddSa(GcmSa() with { ExtendedSequenceNumbers = true, ReplayWindow = 128 }, update: false));
        var info = message.Read<XfrmUserSaInfo>();

        var esn = message.Attributes(SaInfoSize).Get(XfrmAttribute.ReplayEsnVal)!.Value;
        var state = MemoryMarshal.Read<XfrmReplayStateEsn>(esn.Span);

        Assert.Equal((XfrmUserSaInfo.FlagEsn, (byte)0), (info.Flags, info.ReplayWindow));
        Assert.Equal((4u, 128u, 24 + 16), (state.BitmapLength, state.ReplayWindow, esn.Length));
    }

    [Fact]
    public void SaWithoutEsn_KeepsTheLegacyWindow()
    {
        var message = Parse(XfrmMessages.AddSa(GcmSa() with { ReplayWindow = 32 }, update: false));

        Assert.Equal(32, message.Read<XfrmUserSaInfo>().ReplayWindow);
        Assert.False(message.Attributes(SaInfoSize).Contains(XfrmAttribute.ReplayEsnVal));
    }

    [Fact]
    public void NatTraversalSa_HasEspInUdpEncapsulationWithNetworkOrderPorts()
    {
        var message = Parse(XfrmMessages.AddSa(GcmSa() with { Encapsulation = new UdpEncapsulation(4500, 31337) }, update: false));

        var encap = message.Attributes(SaInfoSize).Get(XfrmAttribute.Encap)!.Value.Span;

        Assert.Equal("0200" + "1194" + "7A69", Convert.ToHexString(encap[..6]));
    }

    [Fact]
    public void SaForAnAllocatedSpi_IsAnUpdate() =>
        Assert.Equal(XfrmMessageType.UpdSa, Parse(XfrmMessages.AddSa(GcmSa(), update: true)).Type);

    [Fact]
    public void DumpedSa_ReadsBackAsInstalled()
    {
        var sa = GcmSa() with
        {
            Id = new KernelSaId(Remote, 0x1234, IpsecProtocol.Esp, new KernelMark(0x20, 0xff)),
            Algorithms = new SaAlgorithms(12, [.. Enumerable.Range(1, 32).Select(i => (byte)i)], 12, [.. Enumerable.Range(101, 32).Select(i => (byte)i)]),
            ExtendedSequenceNumbers = true,
            ReplayWindow = 256,
            Encapsulation = new UdpEncapsulation(4500, 4501),
            Selector = LocalToRemote with { Protocol = 6, DestinationPortStart = 22, DestinationPortEnd = 22 },
            Lifetime = new KernelLifetime(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), 1000, 2000, 10, 20),
        };

        var state = XfrmMessages.ReadSa(Parse(XfrmMessages.AddSa(sa, update: false)));

        Assert.NotNull(state);
        Assert.Equal(sa with { Algorithms = null! }, state.Sa with { Algorithms = null! });
        Assert.Equal((12, 12), (state.Sa.Algorithms.EncryptionId, state.Sa.Algorithms.IntegrityId));
        Assert.Equal(sa.Algorithms.EncryptionKey, state.Sa.Algorithms.EncryptionKey);
        Assert.Equal(sa.Algorithms.IntegrityKey, state.Sa.Algorithms.IntegrityKey);
        Assert.Null(state.LastUsedAt);
    }

    [Fact]
    public void ForeignSa_IsNotRead()
    {
        var bytes = XfrmMessages.AddSa(GcmSa(), update: false).ToArray(1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16 + 208), 5); // reqid 5: `ip xfrm` or another daemon

        var message = Parse(bytes);

        Assert.Null(XfrmMessages.ReadSa(message));
        Assert.Null(XfrmMessages.ReadSaId(message));
    }

    [Fact]
    public void LarvalSa_IsOursButNotAnInstalledSa()
    {
        var message = Parse(XfrmMessages.AllocateSpi(Remote, Local, IpsecProtocol.Esp, 9).ToArray(1));

        Assert.Null(XfrmMessages.ReadSa(message));
        Assert.Equal((new KernelSaId(Local, 0, IpsecProtocol.Esp), true), XfrmMessages.ReadSaId(message));
    }

    [Fact]
    public void AllocateSpi_AsksForSpisAboveTheReservedRangeForOurReqid()
    {
        var request = Parse(XfrmMessages.AllocateSpi(Remote, Local, IpsecProtocol.Esp, 9).ToArray(1)).Read<XfrmUserSpiInfo>();

        Assert.Equal((0x100u, uint.MaxValue, 0xC000_0009u), (request.Min, request.Max, request.Info.Reqid));
        Assert.Equal((Local, Remote), (request.Info.Id.DestinationAddress.ToIPAddress(AddressFamilies.Inet), request.Info.SourceAddress.ToIPAddress(AddressFamilies.Inet)));
    }

    [Fact]
    public void ReqidBeyondOurBand_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => XfrmMessages.AddSa(GcmSa() with { Reqid = XfrmOwnership.ReqidCount }, update: false));

    [Fact]
    public void TrapPolicy_HasOurIndexAndATemplateThatAcceptsAnyAlgorithm()
    {
        var policy = new KernelPolicy(new KernelPolicyId(LocalToRemote, PolicyDirection.Out), PolicyKind.Trap, 1000, new IpsecTemplate(Local, Remote, IpsecProtocol.Esp, IpsecMode.Tunnel, 3));
        var message = Parse(XfrmMessages.AddPolicy(policy, XfrmOwnership.PolicyIndex(2, PolicyDirection.Out), update: false));
        var info = message.Read<XfrmUserPolicyInfo>();

        var template = message.Attributes(Marshal.SizeOf<XfrmUserPolicyInfo>()).Get<XfrmUserTmpl>(XfrmAttribute.Tmpl)!.Value;

        Assert.Equal((XfrmMessageType.NewPolicy, 0xC000_0011u, (byte)1, XfrmUserPolicyInfo.ActionAllow, 1000u), (message.Type, info.Index, info.Direction, info.Action, info.Priority));
        Assert.Equal((0xC000_0003u, (byte)IpsecMode.Tunnel, (byte)0), (template.Reqid, template.Mode, template.Optional));
        Assert.Equal((uint.MaxValue, uint.MaxValue, uint.MaxValue), (template.AuthAlgorithms, template.EncryptionAlgorithms, template.CompressionAlgorithms));
    }

    [Theory]
    [InlineData(PolicyKind.Drop, XfrmUserPolicyInfo.ActionBlock)]
    [InlineData(PolicyKind.Pass, XfrmUserPolicyInfo.ActionAllow)]
    public void PolicyWithoutTemplate_ReadsBackWithItsKind(PolicyKind kind, byte action)
    {
        var policy = new KernelPolicy(new KernelPolicyId(LocalToRemote, PolicyDirection.Forward, new KernelMark(1, 0xf)), kind, 5);
        var message = Parse(XfrmMessages.AddPolicy(policy, XfrmOwnership.PolicyIndex(0, PolicyDirection.Forward), update: true));

        Assert.Equal((XfrmMessageType.UpdPolicy, action), (message.Type, message.Read<XfrmUserPolicyInfo>().Action));
        Assert.Equal((policy, XfrmOwnership.PolicyIndex(0, PolicyDirection.Forward)), XfrmMessages.ReadPolicy(message));
    }

    [Fact]
    public void ForeignPolicy_IsNotRead()
    {
        var policy = new KernelPolicy(new KernelPolicyId(LocalToRemote, PolicyDirection.Out), PolicyKind.Drop, 5);

        Assert.Null(XfrmMessages.ReadPolicy(Parse(XfrmMessages.AddPolicy(policy, 8 | 1, update: false))));
    }

    [Fact]
    public void Acquire_NamesOurPolicyThePacketAndTheEnginesReqid()
    {
        var policyInfo = Parse(XfrmMessages.AddPolicy(new KernelPolicy(new KernelPolicyId(LocalToRemote, PolicyDirection.Out), PolicyKind.Drop, 1000), XfrmOwnership.PolicyIndex(4, PolicyDirection.Out), update: false)).Read<XfrmUserPolicyInfo>();
        var packet = new TrafficSelector(IPNetwork.Parse("10.1.0.1/32"), IPNetwork.Parse("10.2.0.9/32"), 17, 40000, 40000, 9, 9);
        var acquire = new XfrmUserAcquire { Selector = XfrmSelectors.From(packet), Policy = policyInfo };
        var template = new XfrmUserTmpl { Reqid = XfrmOwnership.KernelReqid(3) };

        var message = Parse(new NetlinkMessageWriter(XfrmMessageType.Acquire, NetlinkFlags.None).Write(acquire).Attribute(XfrmAttribute.Tmpl, template).ToArray(0));

        Assert.Equal(new AcquireEvent(new KernelPolicyId(LocalToRemote, PolicyDirection.Out), packet, 3), XfrmMessages.ReadAcquire(message));
    }

    [Fact]
    public void AcquireForAForeignPolicy_IsIgnored()
    {
        var acquire = new XfrmUserAcquire { Selector = XfrmSelectors.From(LocalToRemote), Policy = new XfrmUserPolicyInfo { Index = 9, Selector = XfrmSelectors.From(LocalToRemote) } };
        var template = new XfrmUserTmpl { Reqid = 5 };

        var message = Parse(new NetlinkMessageWriter(XfrmMessageType.Acquire, NetlinkFlags.None).Write(acquire).Attribute(XfrmAttribute.Tmpl, template).ToArray(0));

        Assert.Null(XfrmMessages.ReadAcquire(message));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Expire_NamesTheSaAndWhetherItIsHard(byte hard, bool expected)
    {
        var info = Parse(XfrmMessages.AddSa(GcmSa(), update: false)).Read<XfrmUserSaInfo>();
        var expire = new XfrmUserExpire { State = info, Hard = hard };

        var message = Parse(new NetlinkMessageWriter(XfrmMessageType.Expire, NetlinkFlags.None).Write(expire).ToArray(0));

        Assert.Equal(new ExpireEvent(new KernelSaId(Remote, 0xC000_0100, IpsecProtocol.Esp), 5, expected), XfrmMessages.ReadExpire(message));
    }

    [Theory]
    [InlineData(0, 65535, 0, 0)]
    [InlineData(22, 22, 22, 0xffff)]
    [InlineData(1024, 2047, 1024, 0xfc00)]
    public void PortRange_BecomesPortAndMaskAndBack(ushort start, ushort end, ushort port, ushort mask)
    {
        var selector = LocalToRemote with { Protocol = 6, SourcePortStart = start, SourcePortEnd = end };

        var xfrm = XfrmSelectors.From(selector);

        Assert.Equal((port, mask), (BigEndian.Swap(xfrm.SourcePort), BigEndian.Swap(xfrm.SourcePortMask)));
        Assert.Equal(selector, XfrmSelectors.To(xfrm));
    }

    [Fact]
    public void UnalignedPortRange_IsNotSupported()
    {
        var error = Assert.Throws<KernelException>(() => XfrmSelectors.From(LocalToRemote with { DestinationPortStart = 1000, DestinationPortEnd = 2000 }));

        Assert.Equal(KernelError.NotSupported, error.Error);
        Assert.Contains("port range 1000-2000", error.Message);
    }

    [Fact]
    public void Ipv6Selector_RoundTrips()
    {
        var selector = TrafficSelector.Between(IPNetwork.Parse("2001:db8:1::/48"), IPNetwork.Parse("2001:db8:2::/48"));

        var xfrm = XfrmSelectors.From(selector);

        Assert.Equal(AddressFamilies.Inet6, xfrm.Family);
        Assert.Equal(selector, XfrmSelectors.To(xfrm));
    }

    [Fact]
    public void ErrorMessage_NamesTheObjectAndTheKernelsWordsButNoKey()
    {
        var error = XfrmErrors.From(new NetlinkErrorException(22, "Invalid key length"), "add", "SA", GcmSa().Id);

        Assert.Equal(KernelError.Failed, error.Error);
        Assert.Equal("Cannot add the SA ESP SPI 0xc0000100 to 198.51.100.1: EINVAL (Invalid argument). The kernel says: Invalid key length.", error.Message);
    }

    private static KernelSa GcmSa() => new(
        new KernelSaId(Remote, 0xC000_0100, IpsecProtocol.Esp),
        Local,
        5,
        IpsecMode.Tunnel,
        new SaAlgorithms(20, new byte[36]),
        new KernelLifetime(SoftTime: TimeSpan.FromMinutes(50), HardTime: TimeSpan.FromHours(1)));

    private static NetlinkMessage Parse(NetlinkMessageWriter request) => Parse(request.ToArray(1));

    private static NetlinkMessage Parse(byte[] bytes) => Assert.Single(NetlinkMessage.Split(bytes));
}
