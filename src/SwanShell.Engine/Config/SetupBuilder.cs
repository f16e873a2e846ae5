using System.Net;

namespace SwanShell.Engine.Config;

/// <summary>Types the <c>config setup</c> section.</summary>
internal static class SetupBuilder
{
    private static readonly SetupDefinition Defaults = new();

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
        return new SetupDefinition
        {
            SecretsFile = read.Text("secretsfile") ?? Defaults.SecretsFile,
            IpsecDirectory = read.Text("ipsecdir") ?? Defaults.IpsecDirectory,
            NssDirectory = read.Text("nssdir"),
            LogFile = ReadLogFile(read),
            LogFileLocation = read.Get("logfile")?.ValueLocation,
            LogAppend = read.YesNo("logappend", Defaults.LogAppend),
            LogTime = read.YesNo("logtime", Defaults.LogTime),
            LogIp = read.YesNo("logip", Defaults.LogIp),
            UniqueIds = read.YesNo("uniqueids", Defaults.UniqueIds),
            Listen = read.Parse<IPAddress>("listen", ParseAddress),
            ListenUdp = read.YesNo("listen-udp", Defaults.ListenUdp),
            ListenTcp = read.YesNo("listen-tcp", Defaults.ListenTcp),
            KeepAlive = read.Duration("keep-alive", Defaults.KeepAlive),
            Helpers = ReadHelpers(read),
            ShuntLifetime = read.Duration("shuntlifetime", Defaults.ShuntLifetime),
            DdosMode = read.Choice("ddos-mode", Defaults.DdosMode, [("auto", "auto"), ("busy", "busy"), ("unlimited", "unlimited")]),
            DdosIkeThreshold = (uint?)read.Number("ddos-ike-threshold", 0, uint.MaxValue) ?? Defaults.DdosIkeThreshold,
            MaxHalfOpenIke = (uint?)read.Number("max-halfopen-ike", 0, uint.MaxValue) ?? Defaults.MaxHalfOpenIke,
            VendorId = read.Text("myvendorid"),
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

    /// <summary>The daemon has no working directory a relative path could mean, so only an absolute one is taken.</summary>
    private static string? ReadLogFile(SettingReader read)
    {
        var setting = read.Get("logfile");
        if (setting is null || Path.IsPathRooted(setting.Value))
        {
            return setting?.Value;
        }

        read.Diagnostics.Warning(setting.ValueLocation, "logfile", $"logfile={setting.Value} is not an absolute path, so the daemon logs to pluto.log in its run directory instead",
            "use an absolute path such as /var/log/pluto.log");
        return null;
    }

    private static int ReadHelpers(SettingReader read)
    {
        if (read.Get("nhelpers") is not { } setting)
        {
            return Defaults.Helpers;
        }

        if (!int.TryParse(setting.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var helpers) || helpers < -1)
        {
            read.Invalid(setting, "-1 (one per CPU), 0 (inline) or a number of threads");
            return Defaults.Helpers;
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
