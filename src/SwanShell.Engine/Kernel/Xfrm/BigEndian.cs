using System.Buffers.Binary;

namespace SwanShell.Engine.Kernel.Xfrm;

/// <summary>Converts the kernel's network-order (__be16/__be32) fields to and from host order.</summary>
internal static class BigEndian
{
    public static ushort Swap(ushort value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;

    public static uint Swap(uint value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
}
