using System.Text;

namespace SwanShell.Engine.Certificates;

/// <summary>
/// Certificate names (NSS "nicknames", the values of <c>leftcert=</c>) and the file names they are stored under.
/// Names may hold spaces and any printable character, as nicknames do; file names escape everything outside a
/// safe set as <c>%XX</c> (UTF-8), so that a name can never reach outside the store's directories.
/// </summary>
public static class CertificateName
{
    public const int MaximumLength = 200;

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaximumLength && name.Trim().Length == name.Length && !name.Any(char.IsControl);

    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValid(name))
        {
            throw new CertificateStoreException(
                CertificateStoreError.InvalidCertificateName,
                $"'{name}' is not a usable certificate name: use 1 to {MaximumLength} printable characters, without leading or trailing spaces.",
                name);
        }
    }

    public static string ToFileName(string name)
    {
        Validate(name);
        var file = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '@' || (c == '.' && file.Length > 0))
            {
                file.Append(c);
            }
            else
            {
                file.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return file.ToString();
    }

    /// <summary>The name a file name stands for, or null for files that are not ours.</summary>
    public static string? FromFileName(string fileName)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < fileName.Length; i++)
        {
            if (fileName[i] == '%')
            {
                if (i + 2 >= fileName.Length || !byte.TryParse(fileName.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
                {
                    return null;
                }

                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)fileName[i]);
            }
        }

        var name = Encoding.UTF8.GetString([.. bytes]);
        return IsValid(name) && ToFileName(name) == fileName ? name : null;
    }
}
