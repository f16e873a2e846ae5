using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SwanShell.Engine.Daemon.Logging;

/// <summary>
/// journald's native protocol: one datagram per record on its socket, of <c>FIELD=value</c> lines; a value with a newline
/// goes as the field name, a newline, its 64-bit little-endian length and the bytes. The connection and SA serial become
/// fields of their own (SWANSHELL_CONNECTION, SWANSHELL_SERIAL), so <c>journalctl SWANSHELL_CONNECTION=name</c> finds them.
/// </summary>
public sealed class JournalLog(string socketPath) : DatagramSystemLog(socketPath)
{
    public const string DefaultSocketPath = "/run/systemd/journal/socket";

    public const string Identifier = "swanshell-pluto";

    public static byte[] Encode(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var datagram = new MemoryStream();
        Field(datagram, "MESSAGE", record.Message);
        Field(datagram, "PRIORITY", LogRecord.Priority.ToString(CultureInfo.InvariantCulture));
        Field(datagram, "SYSLOG_FACILITY", LogRecord.Facility.ToString(CultureInfo.InvariantCulture));
        Field(datagram, "SYSLOG_IDENTIFIER", Identifier);
        if (record.Connection is { } connection)
        {
            Field(datagram, "SWANSHELL_CONNECTION", connection);
        }

        if (record.Serial is { } serial)
        {
            Field(datagram, "SWANSHELL_SERIAL", serial.ToString(CultureInfo.InvariantCulture));
        }

        return datagram.ToArray();
    }

    protected override byte[] Datagram(LogRecord record) => Encode(record);

    private static void Field(MemoryStream datagram, string name, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        datagram.Write(Encoding.ASCII.GetBytes(name));
        if (value.Contains('\n', StringComparison.Ordinal))
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)bytes.Length);
            datagram.WriteByte((byte)'\n');
            datagram.Write(length);
        }
        else
        {
            datagram.WriteByte((byte)'=');
        }

        datagram.Write(bytes);
        datagram.WriteByte((byte)'\n');
    }
}
