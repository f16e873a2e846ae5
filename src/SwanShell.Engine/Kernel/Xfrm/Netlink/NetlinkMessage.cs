using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Netlink;

/// <summary>One message of a netlink datagram: its header and the payload after it (fixed struct, then attributes).</summary>
internal readonly record struct NetlinkMessage(NetlinkHeader Header, ReadOnlyMemory<byte> Payload)
{
    public ushort Type => Header.Type;

    /// <summary>Splits a received datagram into its messages; a truncated or malformed one ends the list.</summary>
    public static List<NetlinkMessage> Split(ReadOnlyMemory<byte> datagram)
    {
        var messages = new List<NetlinkMessage>();
        var headerSize = Marshal.SizeOf<NetlinkHeader>();
        while (datagram.Length >= headerSize)
        {
            var header = MemoryMarshal.Read<NetlinkHeader>(datagram.Span);
            if (header.Length < headerSize || header.Length > datagram.Length)
            {
                break;
            }

            messages.Add(new NetlinkMessage(header, datagram[headerSize..(int)header.Length]));
            datagram = datagram[Math.Min(datagram.Length, NetlinkMessageWriter.Align((int)header.Length))..];
        }

        return messages;
    }

    /// <summary>The payload's fixed struct; throws if the kernel sent less than the struct (a malformed message).</summary>
    public T Read<T>()
        where T : unmanaged
    {
        if (Payload.Length < Marshal.SizeOf<T>())
        {
            throw new InvalidDataException($"Netlink message {Type} is {Payload.Length} octets, shorter than its {typeof(T).Name}.");
        }

        return MemoryMarshal.Read<T>(Payload.Span);
    }

    /// <summary>The attributes after a fixed struct of <paramref name="fixedSize"/> octets.</summary>
    public NetlinkAttributes Attributes(int fixedSize) =>
        NetlinkAttributes.Parse(Payload[Math.Min(Payload.Length, NetlinkMessageWriter.Align(fixedSize))..]);
}
