using System.Net.Sockets;
using System.Text;

namespace SwanShell.Engine.Daemon.Systemd;

/// <summary>
/// sd_notify(3) without libsystemd: one datagram of <c>KEY=value</c> lines to the AF_UNIX socket systemd names in
/// $NOTIFY_SOCKET (a leading '@' names an abstract socket). Does nothing when the variable is unset: not under systemd,
/// or not a Type=notify unit.
/// </summary>
public sealed class SystemdNotifier
{
    public const string SocketVariable = "NOTIFY_SOCKET";

    private readonly string? _socketPath;

    /// <param name="socketPath">$NOTIFY_SOCKET's value; null when it is unset.</param>
    public SystemdNotifier(string? socketPath) => _socketPath = string.IsNullOrEmpty(socketPath) ? null : socketPath;

    public static SystemdNotifier FromEnvironment() => new(Environment.GetEnvironmentVariable(SocketVariable));

    public bool Enabled => _socketPath is not null;

    /// <summary>The daemon answers its clients: systemd may now consider the unit started.</summary>
    public bool Ready(string status) => Notify($"READY=1\nSTATUS={status}\nMAINPID={Environment.ProcessId}\n");

    /// <summary>The daemon is shutting down.</summary>
    public bool Stopping(string status) => Notify($"STOPPING=1\nSTATUS={status}\n");

    /// <returns>Whether the datagram was sent.</returns>
    public bool Notify(string state)
    {
        if (_socketPath is not { } path)
        {
            return false;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes(state), new UnixDomainSocketEndPoint(path[0] == '@' ? $"\0{path[1..]}" : path));
            return true;
        }
        catch (SocketException)
        {
            // systemd went away, or the variable was stale: nothing waits for this message.
            return false;
        }
    }
}
