using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SwanShell.Engine.Daemon.Network;

/// <summary>
/// One UDP socket of the daemon: IKE on port 500, or NAT-T on port 4500 where IKE messages carry a four-octet
/// zero "non-ESP marker" (RFC 3948 §2.2) that this class adds and strips. Received datagrams are handed on as
/// copies; what is not IKE is dropped and counted, never thrown.
/// </summary>
public sealed class IkeSocket : IDisposable
{
    /// <summary>The smallest IKE message: its header (RFC 7296 §3.1).</summary>
    public const int IkeHeaderLength = 28;

    private const int NonEspMarkerLength = 4;
    private const int SolUdp = 17;
    private const int UdpEncap = 100;
    private const int UdpEncapEspInUdp = 2;

    private readonly Socket _socket;
    private readonly Action<ReadOnlyMemory<byte>, IPEndPoint, IkeSocket> _received;
    private readonly Thread _receiver;
    private volatile bool _stopping;
    private long _receivedCount;
    private long _droppedCount;
    private long _sentCount;

    private IkeSocket(Socket socket, bool natTraversal, Action<ReadOnlyMemory<byte>, IPEndPoint, IkeSocket> received)
    {
        _socket = socket;
        NatTraversal = natTraversal;
        _received = received;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        // A thread of its own that blocks in recvfrom and hands each message on from there: async receives would
        // pass every datagram from the sockets' epoll thread to a thread-pool worker first, a third of a
        // responder's CPU under load.
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = $"swanshell IKE {LocalEndPoint}" };
        _receiver.Start();
    }

    /// <summary>The address and port bound (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Whether this is the NAT-T socket, whose IKE messages carry the non-ESP marker.</summary>
    public bool NatTraversal { get; }

    public long ReceivedCount => Interlocked.Read(ref _receivedCount);

    /// <summary>Datagrams that were not IKE: too short, or ESP on a NAT-T socket the kernel did not take.</summary>
    public long DroppedCount => Interlocked.Read(ref _droppedCount);

    public long SentCount => Interlocked.Read(ref _sentCount);

    /// <summary>Binds a socket and starts receiving; <paramref name="received"/> is called on the socket's receive thread.</summary>
    /// <param name="local">Address and port to bind; port 0 picks a free one.</param>
    /// <param name="natTraversal">The NAT-T socket (port 4500): non-ESP marker on IKE messages.</param>
    /// <param name="kernelEspInUdp">Ask the kernel to take ESP-in-UDP from this socket (real XFRM only).</param>
    /// <param name="received">Gets each IKE message without marker, the sender, and this socket.</param>
    /// <param name="configure">Anything else the socket needs before it receives, e.g. the kernel's policy bypass.</param>
    /// <exception cref="SocketException">The address or port is taken or not ours.</exception>
    public static IkeSocket Bind(IPEndPoint local, bool natTraversal, bool kernelEspInUdp, Action<ReadOnlyMemory<byte>, IPEndPoint, IkeSocket> received, Action<Socket>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (local.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.Bind(local);
            configure?.Invoke(socket);
            if (natTraversal && kernelEspInUdp)
            {
                Span<byte> encapsulation = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(encapsulation, UdpEncapEspInUdp);
                socket.SetRawSocketOption(SolUdp, UdpEncap, encapsulation);
            }

            return new IkeSocket(socket, natTraversal, received);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one IKE message, with the non-ESP marker on the NAT-T socket. Never blocks on the network.</summary>
    public void Send(ReadOnlySpan<byte> message, IPEndPoint remote)
    {
        var datagram = new byte[(NatTraversal ? NonEspMarkerLength : 0) + message.Length];
        message.CopyTo(datagram.AsSpan(NatTraversal ? NonEspMarkerLength : 0));
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
            Interlocked.Increment(ref _sentCount);
        }
        catch (SocketException)
        {
            // UDP: a lost datagram is the peer's retransmission to handle, as if the network had lost it.
            Interlocked.Increment(ref _droppedCount);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        // Closing the socket ends the receive blocked in it (the runtime shuts the socket down first).
        _socket.Dispose();
        if (Thread.CurrentThread != _receiver)
        {
            _receiver.Join();
        }
    }

    /// <summary>The IKE message in a datagram, or null when it is not one (and so is to be dropped).</summary>
    internal static ReadOnlyMemory<byte>? IkeMessageOf(ReadOnlyMemory<byte> datagram, bool natTraversal)
    {
        if (natTraversal)
        {
            // Only the marker tells IKE from ESP on 4500; a one-octet 0xFF is a NAT-keepalive (RFC 3948 §2.3).
            if (datagram.Length < NonEspMarkerLength + IkeHeaderLength || BinaryPrimitives.ReadUInt32BigEndian(datagram.Span) != 0)
            {
                return null;
            }

            datagram = datagram[NonEspMarkerLength..];
        }

        return datagram.Length >= IkeHeaderLength ? datagram : (ReadOnlyMemory<byte>?)null;
    }

    /// <summary>Gives the message to the handler; false when the handler failed, which must not end this thread (nor the process).</summary>
    private bool HandOn(byte[] message, IPEndPoint remote)
    {
        try
        {
            _received(message, remote, this);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping)
        {
            int length;
            var remote = any;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, ref remote);
            }
            catch (SocketException) when (!_stopping)
            {
                continue; // e.g. ICMP port unreachable reported for an earlier send: the socket is still good.
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _receivedCount);
            if (IkeMessageOf(buffer.AsMemory(0, length), NatTraversal) is not { } message || !HandOn(message.ToArray(), (IPEndPoint)remote))
            {
                Interlocked.Increment(ref _droppedCount);
            }
        }
    }
}
