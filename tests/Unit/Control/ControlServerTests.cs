using System.Net.Sockets;
using System.Text.Json;
using SwanShell.Engine.Control;
using SwanShell.Engine.Native;

namespace SwanShell.UnitTests.Control;

#pragma warning disable CA1001 // xunit disposes it through IAsyncLifetime.
public sealed class ControlServerTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("swanshell-ctl-");
    private readonly TestHandler _handler = new();
    private readonly List<string> _log = [];
    private ControlServer _server = null!;

    private string SocketPath => Path.Combine(_directory.FullName, "pluto.ctl");

    public Task InitializeAsync()
    {
        _server = new ControlServer(SocketPath, _handler, new ControlAccessPolicy(LibC.GetEUid()), line => { lock (_log) { _log.Add(line); } });
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Request_GetsTheHandlersResult()
    {
        await using var client = await ControlClient.ConnectAsync(SocketPath, CancellationToken.None);

        var result = await client.RequestAsync("echo", JsonDocument.Parse("\"hi\"").RootElement, null, CancellationToken.None);

        Assert.Equal("hi", result!.Value.GetString());
    }

    // Above the 16 MiB a request may have: the status of 11,000 established tunnels is about 16 MiB.
    private const int LargeResultChars = 20 * 1024 * 1024;

    [Fact]
    public async Task Result_LargerThanARequestMayBe_ReachesTheClient_AsSerialised()
    {
        await using var client = await ControlClient.ConnectAsync(SocketPath, CancellationToken.None);

        var result = await client.RequestAsync("large", null, null, CancellationToken.None);

        Assert.Equal(LargeResultChars, result!.Value.GetString()!.Length);
    }

    [Fact]
    public async Task EventsOfARequest_ArriveInOrderBeforeItsResult()
    {
        await using var client = await ControlClient.ConnectAsync(SocketPath, CancellationToken.None);
        var events = new List<string>();

        var result = await client.RequestAsync("chatty", null, e => events.Add(e.Message), CancellationToken.None);

        Assert.Equal(["step 1", "step 2", "step 3"], events);
        Assert.Equal("done", result!.Value.GetString());
    }

    [Fact]
    public async Task RefusedRequest_BecomesControlExceptionWithTheHandlersCode()
    {
        await using var client = await ControlClient.ConnectAsync(SocketPath, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ControlException>(() => client.RequestAsync("nonsense", null, null, CancellationToken.None));

        Assert.Equal(ControlErrorCodes.UnknownCommand, error.Code);
        Assert.Equal("nonsense", error.Target);
    }

    [Fact]
    public async Task HandlerCrash_IsAnInternalErrorAndTheConnectionStillServes()
    {
        await using var client = await ControlClient.ConnectAsync(SocketPath, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ControlException>(() => client.RequestAsync("crash", null, null, CancellationToken.None));
        var after = await client.RequestAsync("echo", JsonDocument.Parse("1").RootElement, null, CancellationToken.None);

        Assert.Equal(ControlErrorCodes.InternalError, error.Code);
        Assert.Contains("'crash'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, after!.Value.GetInt32());
    }

    [Fact]
    public async Task OtherProtocolVersion_IsRefusedWithAMismatchError()
    {
        using var socket = await ConnectRawAsync();
        await using var stream = new NetworkStream(socket);

        await ControlProtocol.WriteAsync(stream, new ControlRequest(99, 5, "echo"), ControlJsonContext.Default.ControlRequest, CancellationToken.None);
        var reply = await ControlProtocol.ReadAsync(stream, ControlJsonContext.Default.ControlReply, CancellationToken.None);

        Assert.Equal(5, reply!.Id);
        Assert.Equal(ControlErrorCodes.ProtocolVersionMismatch, reply.Error!.Code);
        Assert.Equal(0, _handler.Calls);
    }

    [Fact]
    public async Task MalformedFrame_GetsBadRequestAndOtherClientsAreServed()
    {
        using var socket = await ConnectRawAsync();
        await using var stream = new NetworkStream(socket);

        await stream.WriteAsync(new byte[] { 0, 0, 0, 5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' });
        var reply = await ControlProtocol.ReadAsync(stream, ControlJsonContext.Default.ControlReply, CancellationToken.None);
        var closed = await ControlProtocol.ReadAsync(stream, ControlJsonContext.Default.ControlReply, CancellationToken.None);

        Assert.Equal(ControlErrorCodes.BadRequest, reply!.Error!.Code);
        Assert.Null(closed);
        await using var client = await ControlClient.ConnectAsync(SocketPath, CancellationToken.None);
        Assert.Equal("ok", (await client.RequestAsync("echo", JsonDocument.Parse("\"ok\"").RootElement, null, CancellationToken.None))!.Value.GetString());
        Assert.Contains(_log, line => line.Contains("dropped client", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClientLeavingMidRequest_LeavesTheServerServing()
    {
        var client = await ControlClient.ConnectAsync(SocketPath, CancellationToken.None);
        var pending = client.RequestAsync("slow", null, null, CancellationToken.None);
        await _handler.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await client.DisposeAsync();
        _handler.ReleaseSlow.SetResult();
        await Assert.ThrowsAnyAsync<Exception>(() => pending);

        await using var next = await ControlClient.ConnectAsync(SocketPath, CancellationToken.None);
        Assert.Equal(2, (await next.RequestAsync("echo", JsonDocument.Parse("2").RootElement, null, CancellationToken.None))!.Value.GetInt32());
    }

    [Fact]
    public void Socket_IsReadableAndWritableByItsOwnerOnly()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
    }

    [Fact]
    public async Task Connect_WithNobodyListening_SaysTheDaemonIsNotRunning()
    {
        var error = await Assert.ThrowsAsync<ControlException>(() =>
            ControlClient.ConnectAsync(Path.Combine(_directory.FullName, "nobody.ctl"), CancellationToken.None));

        Assert.Equal(ControlErrorCodes.DaemonNotRunning, error.Code);
        Assert.Contains("Invoke-IpsecSetup -Action Start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_RemovesTheSocketFile()
    {
        await _server.DisposeAsync();

        Assert.False(File.Exists(SocketPath));
        _server = new ControlServer(SocketPath, _handler, new ControlAccessPolicy(0), _ => { });
    }

    private async Task<Socket> ConnectRawAsync()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        return socket;
    }

    private sealed class TestHandler : IControlHandler
    {
        private int _calls;

        public int Calls => _calls;

        public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource ReleaseSlow { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<JsonElement?> HandleAsync(ControlRequest request, Action<ControlEvent> events, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            switch (request.Command)
            {
                case "echo":
                    return request.Arguments;
                case "chatty":
                    foreach (var step in new[] { "step 1", "step 2", "step 3" })
                    {
                        events(new ControlEvent(DateTimeOffset.UtcNow, "Verbose", step));
                        await Task.Yield();
                    }

                    return JsonDocument.Parse("\"done\"").RootElement;
                case "slow":
                    SlowStarted.SetResult();
                    await ReleaseSlow.Task;
                    return null;
                case "crash":
                    throw new InvalidOperationException("boom");
                case "large":
                    return JsonDocument.Parse($"\"{new string('x', LargeResultChars)}\"").RootElement;
                default:
                    throw new ControlException(ControlErrorCodes.UnknownCommand, $"unknown '{request.Command}'", request.Command);
            }
        }
    }
}

