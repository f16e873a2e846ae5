using System.Buffers.Binary;
using SwanShell.Engine.Control;

namespace SwanShell.UnitTests.Control;

public sealed class ControlProtocolTests
{
    [Fact]
    public async Task Request_WrittenAndRead_RoundTrips()
    {
        using var stream = new MemoryStream();
        var request = new ControlRequest(ControlProtocol.Version, 7, "status");

        await ControlProtocol.WriteAsync(stream, request, ControlJsonContext.Default.ControlRequest, CancellationToken.None);
        stream.Position = 0;

        Assert.Equal(request, await ControlProtocol.ReadAsync(stream, ControlJsonContext.Default.ControlRequest, CancellationToken.None));
        Assert.Null(await ControlProtocol.ReadAsync(stream, ControlJsonContext.Default.ControlRequest, CancellationToken.None));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0 }, "cut off in its length prefix")]
    [InlineData(new byte[] { 0, 0, 0, 10, (byte)'{' }, "cut off in its body")]
    [InlineData(new byte[] { 0x7f, 0xff, 0xff, 0xff }, "outside 1..16777216")]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff }, "a message of -1 bytes")]
    [InlineData(new byte[] { 0, 0, 0, 3, (byte)'[', (byte)'1', (byte)']' }, "not a valid ControlRequest")]
    [InlineData(new byte[] { 0, 0, 0, 4, (byte)'n', (byte)'u', (byte)'l', (byte)'l' }, "JSON null")]
    public async Task MalformedFrame_IsAProtocolErrorSayingWhatIsWrong(byte[] bytes, string expected)
    {
        using var stream = new MemoryStream(bytes);

        var error = await Assert.ThrowsAsync<ControlProtocolException>(() =>
            ControlProtocol.ReadAsync(stream, ControlJsonContext.Default.ControlRequest, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frame_HasBigEndianLengthPrefix()
    {
        using var stream = new MemoryStream();

        await ControlProtocol.WriteAsync(stream, new ControlRequest(1, 1, "x"), ControlJsonContext.Default.ControlRequest, CancellationToken.None);

        var bytes = stream.ToArray();
        Assert.Equal(bytes.Length - 4, BinaryPrimitives.ReadInt32BigEndian(bytes));
    }
}
