namespace SwanShell.Engine.Ike;

/// <summary>Attribute Type of a Configuration payload attribute (RFC 7296 §3.15.1); 15 bits on the wire.</summary>
public enum ConfigurationAttributeType : ushort
{
    INTERNAL_IP4_ADDRESS = 1,
    INTERNAL_IP4_NETMASK = 2,
    INTERNAL_IP4_DNS = 3,
    INTERNAL_IP4_NBNS = 4,
    INTERNAL_IP4_DHCP = 6,
    APPLICATION_VERSION = 7,
    INTERNAL_IP6_ADDRESS = 8,
    INTERNAL_IP6_DNS = 10,
    INTERNAL_IP6_DHCP = 12,
    INTERNAL_IP4_SUBNET = 13,
    SUPPORTED_ATTRIBUTES = 14,
    INTERNAL_IP6_SUBNET = 15,
    INTERNAL_DNS_DOMAIN = 25,
}
