using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using SwanShell.Engine.Daemon.Network;

namespace SwanShell.UnitTests.Daemon;

public sealed class IkeSocketTests : IDisposable
{
    private static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);
    private readonly Channel<(byte[] Message, IPEndPoint From)> _received = Channel.CreateUnbounded<(byte[], IPEndPoint)>();
    private readonly List<IkeSocket> _sockets = [];

    public void Dispose() => _sockets.ForEach(s => s.Dispose());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task IkeMessage_SentByOneSocket_ArrivesAtTheOtherAsSent(bool natTraversal)
    {
        var a = Bind(natTraversal);
        var b = Bind(natTraversal);
        var message = Enumerable.Range(0, 40).Select(i => (byte)(i + 1)).ToArray();

        a.Send(message, b.LocalEndPoint);

        var (got, from) = await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(message, got);
        Assert.Equal(a.LocalEndPoint, from);
        Assert.Equal(1, a.SentCount);
    }

    [Fact]
    public async Task NatTraversalSocket_PutsTheNonEspMarkerOnTheWire()
    {
        var a = Bind(natTraversal: true);
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        raw.Bind(Loopback);

        a.Send(new byte[30], (IPEndPoint)raw.LocalEndPoint!);

        var buffer = new byte[100];
        var length = await raw.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(34, length);
        Assert.Equal(new byte[4], buffer[..4]);
    }

    [Theory]
    [InlineData(false, 27, 0x00)]
    [InlineData(false, 20, 0x12)]
    [InlineData(true, 1, 0xff)]
    [InlineData(true, 60, 0x12)]
    public async Task DatagramThatIsNotIke_IsDroppedAndCounted(bool natTraversal, int length, byte first)
    {
        var b = Bind(natTraversal);
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var datagram = new byte[length];
        datagram[0] = first;

        await raw.SendToAsync(datagram, b.LocalEndPoint);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (b.DroppedCount == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, b.DroppedCount);
        Assert.Equal(1, b.ReceivedCount);
        Assert.False(_received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task ReceivedMessage_IsHandedOnFromTheSocketsOwnThread_NotFromTheThreadPool()
    {
        var onPool = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var b = IkeSocket.Bind(Loopback, natTraversal: false, kernelEspInUdp: false, (_, _, _) => onPool.TrySetResult(Thread.CurrentThread.IsThreadPoolThread));
        var a = Bind(natTraversal: false);

        a.Send(new byte[40], b.LocalEndPoint);

        Assert.False(await onPool.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task HandlerThatThrows_CountsTheDatagramDropped_AndTheSocketGoesOnReceiving()
    {
        var calls = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var b = IkeSocket.Bind(Loopback, natTraversal: false, kernelEspInUdp: false, (_, _, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("a bug in the handler");
            }

            second.TrySetResult();
        });
        var a = Bind(natTraversal: false);

        a.Send(new byte[40], b.LocalEndPoint);
        a.Send(new byte[40], b.LocalEndPoint);

        await second.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, b.DroppedCount);
        Assert.Equal(2, b.ReceivedCount);
    }

    [Fact]
    public async Task Dispose_EndsTheReceiveBlockedInTheSocket_AndFreesThePort()
    {
        var socket = IkeSocket.Bind(Loopback, natTraversal: false, kernelEspInUdp: false, (_, _, _) => { });
        var port = socket.LocalEndPoint;

        var disposing = Task.Run(socket.Dispose);

        await disposing.WaitAsync(TimeSpan.FromSeconds(10));
        using var again = IkeSocket.Bind(port, natTraversal: false, kernelEspInUdp: false, (_, _, _) => { });
        Assert.Equal(port, again.LocalEndPoint);
    }

    private IkeSocket Bind(bool natTraversal)
    {
        var socket = IkeSocket.Bind(Loopback, natTraversal, kernelEspInUdp: false, (message, from, _) => _received.Writer.TryWrite((message.ToArray(), from)));
        _sockets.Add(socket);
        return socket;
    }
}
