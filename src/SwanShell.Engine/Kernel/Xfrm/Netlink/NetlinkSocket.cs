using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Netlink;

/// <summary>
/// A netlink socket of one protocol family (NETLINK_XFRM, NETLINK_ROUTE) in the network namespace of the thread
/// that opened it. Requests are serialised and matched to their answers by sequence number: every request asks
/// for an acknowledgement, so a request ends at its NLMSG_ERROR (errno 0 = success) and a dump at NLMSG_DONE.
/// </summary>
internal sealed class NetlinkSocket : IDisposable
{
    public const int NetlinkRoute = 0;
    public const int NetlinkXfrm = 6;

    private const int SolNetlink = 270;
    private const int NetlinkAddMembership = 1;
    private const int NetlinkCapAck = 10;
    private const int NetlinkExtAck = 11;
    private const ushort NlmsgerrAttrMsg = 1;

    // The kernel sizes dump datagrams to at most 32 KiB; events are far smaller.
    private const int ReceiveBufferSize = 64 * 1024;

    private readonly Socket _socket;
    private readonly Lock _gate = new();
    private readonly byte[] _buffer = new byte[ReceiveBufferSize];
    private uint _sequence = (uint)Environment.TickCount;

    private NetlinkSocket(Socket socket) => _socket = socket;

    /// <summary>Opens a socket in the calling thread's network namespace.</summary>
    public static NetlinkSocket Open(int protocol, TimeSpan replyTimeout)
    {
        var fd = NetlinkNative.Socket(NetlinkNative.AfNetlink, NetlinkNative.SockRaw | NetlinkNative.SockCloExec, protocol);
        if (fd < 0)
        {
            throw new NetlinkErrorException(Marshal.GetLastPInvokeError(), "cannot open a netlink socket");
        }

        // Bound to a port ID of its own: the kernel skips multicast delivery to port 0, its own address.
        var address = new SockAddrNetlink { Family = NetlinkNative.AfNetlink };
        if (NetlinkNative.Bind(fd, address, Marshal.SizeOf<SockAddrNetlink>()) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            NetlinkNative.Close(fd);
            throw new NetlinkErrorException(errno, "cannot bind a netlink socket");
        }

        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        try
        {
            // Errors then carry the kernel's own explanation and not a copy of our request.
            socket.SetRawSocketOption(SolNetlink, NetlinkExtAck, BitConverter.GetBytes(1));
            socket.SetRawSocketOption(SolNetlink, NetlinkCapAck, BitConverter.GetBytes(1));
            socket.ReceiveTimeout = (int)replyTimeout.TotalMilliseconds;
            return new NetlinkSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Subscribes to a multicast group (e.g. XFRMNLGRP_ACQUIRE) and sizes the buffer for bursts of events.</summary>
    public void Join(int group)
    {
        _socket.SetRawSocketOption(SolNetlink, NetlinkAddMembership, BitConverter.GetBytes(group));
        _socket.ReceiveBufferSize = 1024 * 1024;
    }

    /// <summary>Sends a request and returns the messages answering it (none for a plain acknowledgement).</summary>
    public List<NetlinkMessage> Request(NetlinkMessageWriter request) => Exchange(request, dump: false);

    /// <summary>Sends a dump request (NLM_F_DUMP) and returns every message up to NLMSG_DONE.</summary>
    public List<NetlinkMessage> Dump(NetlinkMessageWriter request) => Exchange(request, dump: true);

    /// <summary>Waits for the next datagram of multicast events.</summary>
    public async ValueTask<List<NetlinkMessage>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var received = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        return NetlinkMessage.Split(_buffer.AsMemory(0, received));
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>The errno of an NLMSG_ERROR message (0 for an acknowledgement) and the kernel's explanation, if any.</summary>
    public static (int Errno, string? Detail) ReadError(NetlinkMessage message)
    {
        var error = -message.Read<int>();
        string? detail = null;
        if ((message.Header.Flags & NetlinkFlags.AckTlvs) != 0)
        {
            // With NETLINK_CAP_ACK the error carries only our request's header, then the TLVs.
            var echoed = (message.Header.Flags & NetlinkFlags.Capped) != 0
                ? Marshal.SizeOf<NetlinkHeader>()
                : (int)MemoryMarshal.Read<NetlinkHeader>(message.Payload.Span[sizeof(int)..]).Length;
            detail = message.Attributes(sizeof(int) + echoed).GetString(NlmsgerrAttrMsg);
        }

        return (error, detail);
    }

    private List<NetlinkMessage> Exchange(NetlinkMessageWriter request, bool dump)
    {
        lock (_gate)
        {
            var sequence = ++_sequence;
            _socket.Send(request.ToArray(sequence));
            var answers = new List<NetlinkMessage>();
            while (true)
            {
                int received;
                try
                {
                    received = _socket.Receive(_buffer);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
                {
                    throw new NetlinkErrorException(Errno.ETimedOut, "the kernel did not answer");
                }

                foreach (var message in NetlinkMessage.Split(_buffer.AsMemory(0, received)))
                {
                    // Answers to an earlier request that timed out are stale.
                    if (message.Header.Sequence != sequence)
                    {
                        continue;
                    }

                    switch (message.Type)
                    {
                        case NetlinkMessageType.Error:
                            var (errno, detail) = ReadError(message);
                            if (errno != 0)
                            {
                                throw new NetlinkErrorException(errno, detail);
                            }

                            if (!dump)
                            {
                                return answers;
                            }

                            break;
                        case NetlinkMessageType.Done when dump:
                            return answers;
                        case NetlinkMessageType.Noop:
                            break;
                        default:
                            // Copy out of the shared buffer: the next receive overwrites it.
                            answers.Add(message with { Payload = message.Payload.ToArray() });
                            break;
                    }
                }
            }
        }
    }
}
