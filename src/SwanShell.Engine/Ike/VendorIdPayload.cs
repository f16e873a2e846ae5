namespace SwanShell.Engine.Ike;

/// <summary>V (RFC 7296 §3.12): an opaque Vendor ID, usually a hash of a product name.</summary>
public sealed class VendorIdPayload(ReadOnlyMemory<byte> vendorId) : IkePayload
{
    public override PayloadType Type => PayloadType.VendorId;

    public ReadOnlyMemory<byte> VendorId { get; } = vendorId;

    public override int BodyLength => VendorId.Length;

    public override void WriteBody(Span<byte> destination) => VendorId.Span.CopyTo(destination);
}
