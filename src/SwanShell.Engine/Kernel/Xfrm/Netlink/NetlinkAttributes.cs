using System.Runtime.InteropServices;
using System.Text;

namespace SwanShell.Engine.Kernel.Xfrm.Netlink;

/// <summary>The attributes of one message by type (the last of a repeated type wins, as the kernel's own parser does).</summary>
internal sealed class NetlinkAttributes
{
    private readonly Dictionary<ushort, ReadOnlyMemory<byte>> _byType = [];

    public static NetlinkAttributes Parse(ReadOnlyMemory<byte> data)
    {
        var attributes = new NetlinkAttributes();
        while (data.Length >= NetlinkAttributeHeader.Size)
        {
            var header = MemoryMarshal.Read<NetlinkAttributeHeader>(data.Span);
            if (header.Length < NetlinkAttributeHeader.Size || header.Length > data.Length)
            {
                break;
            }

            attributes._byType[(ushort)(header.Type & NetlinkAttributeHeader.TypeMask)] = data[NetlinkAttributeHeader.Size..header.Length];
            data = data[Math.Min(data.Length, NetlinkMessageWriter.Align(header.Length))..];
        }

        return attributes;
    }

    public bool Contains(ushort type) => _byType.ContainsKey(type);

    public ReadOnlyMemory<byte>? Get(ushort type) =>
        _byType.TryGetValue(type, out var value) ? value : (ReadOnlyMemory<byte>?)null; // A bare null would convert to an empty Memory.

    /// <summary>An attribute holding a fixed struct, or null when absent or too short.</summary>
    public T? Get<T>(ushort type)
        where T : unmanaged =>
        _byType.TryGetValue(type, out var value) && value.Length >= Marshal.SizeOf<T>() ? MemoryMarshal.Read<T>(value.Span) : null;

    /// <summary>A NUL-terminated string attribute.</summary>
    public string? GetString(ushort type) =>
        _byType.TryGetValue(type, out var value) ? Encoding.UTF8.GetString(value.Span.TrimEnd((byte)0)) : null;
}
