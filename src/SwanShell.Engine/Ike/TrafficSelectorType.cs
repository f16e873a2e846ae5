namespace SwanShell.Engine.Ike;

/// <summary>TS Type of a Traffic Selector (RFC 7296 §3.13.1, RFC 9478).</summary>
public enum TrafficSelectorType : byte
{
    TS_IPV4_ADDR_RANGE = 7,
    TS_IPV6_ADDR_RANGE = 8,
    TS_SECLABEL = 10,
}
