using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using SwanShell.Engine.Daemon;
using SwanShell.Engine.Daemon.Logging;

namespace SwanShell.UnitTests.Daemon;

/// <summary>The daemon's records to journald (native protocol) and syslog (RFC 5424 on /dev/log), against sockets bound in a temp dir.</summary>
public sealed class SystemLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("swanshell-log-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Socket Bind(string name)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(_directory, name)));
        socket.ReceiveTimeout = 5000;
        return socket;
    }

    private static byte[] Receive(Socket socket)
    {
        var buffer = new byte[65536];
        return buffer[..socket.Receive(buffer)];
    }

    /// <summary>journald's native format, read back: FIELD=value lines, or FIELD\n + 64-bit length + bytes.</summary>
    private static Dictionary<string, string> Fields(byte[] datagram)
    {
        var fields = new Dictionary<string, string>();
        var at = 0;
        while (at < datagram.Length)
        {
            var end = Array.IndexOf(datagram, (byte)'\n', at);
            var line = Encoding.UTF8.GetString(datagram, at, end - at);
            if (line.Contains('=', StringComparison.Ordinal))
            {
                fields[line[..line.IndexOf('=', StringComparison.Ordinal)]] = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..];
                at = end + 1;
            }
            else
            {
                var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(datagram.AsSpan(end + 1, 8));
                fields[line] = Encoding.UTF8.GetString(datagram, end + 9, length);
                at = end + 9 + length + 1;
            }
        }

        return fields;
    }

    [Theory]
    [InlineData("\"tunnel\" #3: IKE SA Established with 127.0.0.2:500", "tunnel", 3UL)]
    [InlineData("\"tunnel\": added: 127.0.0.1...127.0.0.2", "tunnel", null)]
    [InlineData("\"rw\"[2] #7: Child SA deleted", "rw", 7UL)]
    [InlineData("loaded 2 connection(s) from /etc/ipsec.conf", null, null)]
    public void Record_TakesConnectionAndSerialFromTheLinesPrefix(string message, string? connection, ulong? serial)
    {
        var record = LogRecord.Parse(DateTimeOffset.UnixEpoch, message);

        Assert.Equal((message, connection, serial), (record.Message, record.Connection, record.Serial));
    }

    [Fact]
    public void DaemonLog_SendsJournaldRecords_WithTheConnectionAsAField()
    {
        using var journal = Bind("journal");
        using (var log = new DaemonLog(null, null, new JournalLog(Path.Combine(_directory, "journal"))))
        {
            log.Write("\"tunnel\" #3: IKE SA Established with 127.0.0.2:500");
        }

        var fields = Fields(Receive(journal));

        Assert.Equal("\"tunnel\" #3: IKE SA Established with 127.0.0.2:500", fields["MESSAGE"]);
        Assert.Equal("tunnel", fields["SWANSHELL_CONNECTION"]);
        Assert.Equal("3", fields["SWANSHELL_SERIAL"]);
        Assert.Equal("6", fields["PRIORITY"]);
        Assert.Equal("swanshell-pluto", fields["SYSLOG_IDENTIFIER"]);
    }

    [Fact]
    public void Journald_AMessageWithNewlines_GoesWithItsLength()
    {
        var fields = Fields(JournalLog.Encode(new LogRecord(DateTimeOffset.UnixEpoch, "first\nsecond", null, null)));

        Assert.Equal("first\nsecond", fields["MESSAGE"]);
        Assert.False(fields.ContainsKey("SWANSHELL_CONNECTION"));
    }

    [Fact]
    public void Syslog_IsRfc5424_WithTheConnectionAsStructuredData()
    {
        using var syslog = Bind("log");
        using (var log = new SyslogLog(Path.Combine(_directory, "log")))
        {
            log.Send(LogRecord.Parse(new DateTimeOffset(2026, 11, 30, 3, 4, 5, TimeSpan.Zero), "\"a]b\\c\" #9: Child SA deleted"));
        }

        var line = Encoding.UTF8.GetString(Receive(syslog));

        Assert.Equal(
            $"<30>1 2026-11-30T03:04:05.000000Z {Environment.MachineName} swanshell-pluto {Environment.ProcessId} - [conn@32473 name=\"a\\]b\\\\c\" serial=\"9\"] \"a]b\\c\" #9: Child SA deleted",
            line);
    }

    [Fact]
    public void Detection_PrefersJournald_ThenSyslog_ElseNone()
    {
        var journalPath = Path.Combine(_directory, "journal");
        var syslogPath = Path.Combine(_directory, "log");
        Assert.Null(SystemLogDetector.Detect(journalPath, syslogPath));

        using var syslog = Bind("log");
        using (var found = SystemLogDetector.Detect(journalPath, syslogPath))
        {
            Assert.IsType<SyslogLog>(found);
        }

        using var journal = Bind("journal");
        using var preferred = SystemLogDetector.Detect(journalPath, syslogPath);
        Assert.IsType<JournalLog>(preferred);
    }
}
