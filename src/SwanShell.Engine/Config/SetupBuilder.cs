using System.Net;

namespace SwanShell.Engine.Config;

/// <summary>Types the <c>config setup</c> section.</summary>
internal static class SetupBuilder
{
    public static SetupDefinition Build(ConfigSection? setup, DiagnosticList diagnostics)
    {
        var settings = new Dictionary<string, ConfigSetting>(StringComparer.Ordinal);
        foreach (var setting in setup?.Settings ?? [])
        {
            settings[setting.Key] = setting;
        }

        var read = new SettingReader(settings, diagnostics);
        CheckIkev1Policy(read);
        CheckProtostack(read);
        var defaults = new SetupDefinition();
        return new SetupDefinition
        {
            SecretsFile = read.Text("secretsfile") ?? defaults.SecretsFile,
            IpsecDirectory = read.Text("ipsecdir") ?? defaults.IpsecDirectory,
            LogFile = read.Text("logfile"),
            LogAppend = read.YesNo("logappend", true),
            LogTime = read.YesNo("logtime", true),
            LogIp = read.YesNo("logip", true),
            UniqueIds = read.YesNo("uniqueids", true),
            Listen = read.Parse<IPAddress>("listen", ParseAddress),
            ListenUdp = read.YesNo("listen-udp", true),
            ListenTcp = read.YesNo("listen-tcp", false),
            KeepAlive = read.Duration("keep-alive", defaults.KeepAlive),
            Helpers = ReadHelpers(read),
            ShuntLifetime = read.Duration("shuntlifetime", defaults.ShuntLifetime),
            DdosMode = read.Choice("ddos-mode", "auto", [("auto", "auto"), ("busy", "busy"), ("unlimited", "unlimited")]),
            DdosIkeThreshold = (uint?)read.Number("ddos-ike-threshold", 0, uint.MaxValue) ?? defaults.DdosIkeThreshold,
            MaxHalfOpenIke = (uint?)read.Number("max-halfopen-ike", 0, uint.MaxValue) ?? defaults.MaxHalfOpenIke,
            VendorId = read.Text("myvendorid"),
            NatIkePort = (ushort?)read.Number("nat-ikeport", 1, 65535) ?? defaults.NatIkePort,
            NflogAll = read.Number("nflog-all", 0, 65535) is { } group and not 0 ? (ushort)group : null,
        };
    }

    private static void CheckIkev1Policy(SettingReader read)
    {
        var policy = read.Choice("ikev1-policy", "drop", [("drop", "drop"), ("reject", "reject"), ("accept", "accept")]);
        if (policy == "accept")
        {
            read.Diagnostics.Warning(read.Get("ikev1-policy")!.ValueLocation, "ikev1-policy", "ikev1-policy=accept has no effect: SwanShell does not speak IKEv1, so IKEv1 packets are dropped");
        }
    }

    private static void CheckProtostack(SettingReader read)
    {
        var stack = read.Choice("protostack", "xfrm", [("xfrm", "xfrm"), ("netkey", "xfrm"), ("native", "xfrm"), ("klips", "klips"), ("mast", "klips")]);
        if (stack == "klips")
        {
            read.Diagnostics.Warning(read.Get("protostack")!.ValueLocation, "protostack", $"protostack={read.Text("protostack")} is obsolete and ignored", "use protostack=xfrm (the only Linux stack)");
        }
    }

    private static int ReadHelpers(SettingReader read)
    {
        if (read.Get("nhelpers") is not { } setting)
        {
            return -1;
        }

        if (!int.TryParse(setting.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var helpers) || helpers < -1)
        {
            read.Invalid(setting, "-1 (one per CPU), 0 (inline) or a number of threads");
            return -1;
        }

        return helpers;
    }

    private static bool ParseAddress(string text, out IPAddress address, out string? error)
    {
        var valid = StrictAddress.TryParse(text, out address);
        error = valid ? null : "expected one IP address";
        return valid;
    }
}
