using System.Net.Sockets;

namespace SwanShell.Engine.Daemon.Logging;

/// <summary>A system log reached by one datagram per record on a Unix socket (journald's, syslog's /dev/log).</summary>
public abstract class DatagramSystemLog(string socketPath) : ISystemLog
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endPoint = new(socketPath);

    public void Send(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            _socket.SendTo(Datagram(record), _endPoint);
        }
        catch (SocketException)
        {
            // The log's daemon is gone or its queue is full: the log file has the line.
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The record in the log's own format.</summary>
    protected abstract byte[] Datagram(LogRecord record);
}
