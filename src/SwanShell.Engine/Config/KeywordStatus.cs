namespace SwanShell.Engine.Config;

/// <summary>What SwanShell does with a keyword libreswan knows.</summary>
internal enum KeywordStatus
{
    /// <summary>Read into a typed value.</summary>
    Supported,

    /// <summary>Still read, but libreswan has deprecated it in favour of another keyword: a warning names that keyword.</summary>
    Deprecated,

    /// <summary>A libreswan keyword SwanShell does not implement: a diagnostic says so, never silence.</summary>
    Unsupported,

    /// <summary>Gone from libreswan (or never meaningful on XFRM): ignored, with a warning naming what replaced it.</summary>
    Obsolete,
}
