using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace SwanShell.Engine.Kernel.Xfrm.Netlink;

/// <summary>
/// Builds one netlink request: the nlmsghdr, the family's fixed header struct, then attributes (struct rtattr /
/// nlattr: 16-bit length, 16-bit type, payload padded to 4 octets). The length is patched in by <see cref="ToArray"/>.
/// </summary>
internal sealed class NetlinkMessageWriter
{
    public const int Alignment = 4;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public NetlinkMessageWriter(ushort type, ushort flags)
    {
        // Every request asks for an acknowledgement, so success is confirmed and not merely assumed.
        var header = new NetlinkHeader { Type = type, Flags = (ushort)(flags | NetlinkFlags.Request | NetlinkFlags.Ack) };
        Write(header);
    }

    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    /// <summary>Appends a fixed struct as the kernel lays it out (callers pass structs whose layout tests pin).</summary>
    public NetlinkMessageWriter Write<T>(in T value)
        where T : unmanaged
    {
        WritePadded(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));
        return this;
    }

    public NetlinkMessageWriter Attribute(ushort type, ReadOnlySpan<byte> payload)
    {
        Write(new NetlinkAttributeHeader { Length = (ushort)(NetlinkAttributeHeader.Size + payload.Length), Type = type });
        WritePadded(payload);
        return this;
    }

    public NetlinkMessageWriter Attribute<T>(ushort type, in T value)
        where T : unmanaged =>
        Attribute(type, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));

    /// <summary>A NUL-terminated string attribute (e.g. IFLA_IFNAME).</summary>
    public NetlinkMessageWriter Attribute(ushort type, string value) => Attribute(type, Encoding.ASCII.GetBytes(value + "\0"));

    /// <summary>The finished message, with its length and sequence number in the header.</summary>
    public byte[] ToArray(uint sequence)
    {
        var message = _buffer.WrittenSpan.ToArray();
        ref var header = ref MemoryMarshal.AsRef<NetlinkHeader>(message.AsSpan());
        header.Length = (uint)message.Length;
        header.Sequence = sequence;
        return message;
    }

    private void WritePadded(ReadOnlySpan<byte> bytes)
    {
        var padded = Align(bytes.Length);
        var span = _buffer.GetSpan(padded)[..padded];
        bytes.CopyTo(span);
        span[bytes.Length..].Clear();
        _buffer.Advance(padded);
    }
}
