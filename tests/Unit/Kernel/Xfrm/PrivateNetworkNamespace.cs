using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SwanShell.Engine.Kernel.Xfrm;
using SwanShell.Engine.Native;

namespace SwanShell.UnitTests.Kernel.Xfrm;

/// <summary>
/// A network namespace of one test class's own (`ip netns add`), with loopback and a veth pair up (this kernel has
/// no dummy interfaces), veth0 being 10.1.0.1/16 with 10.2.0.0/16 routed out of it, so packets sent inside it reach XFRM's output policy lookup. The host's
/// own XFRM state is never touched. Missing root or iproute2 fails the tests with a message saying so.
/// </summary>
public sealed class PrivateNetworkNamespace : IDisposable
{
    public PrivateNetworkNamespace()
    {
        if (LibC.GetEUid() != 0)
        {
            throw new InvalidOperationException("The XFRM tests need root (CAP_NET_ADMIN) to create a network namespace; run them as root as CI does.");
        }

        Name = "swanshell-test-" + Guid.NewGuid().ToString("N")[..8];
        Run("ip", "netns", "add", Name);
        try
        {
            Ip("link set lo up");
            Ip("link add veth0 type veth peer name veth1");
            Ip("addr add 10.1.0.1/16 dev veth0");
            Ip("link set veth1 up");
            Ip("link set veth0 up");
            Ip("route add 10.2.0.0/16 dev veth0");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    /// <summary>Where `ip netns` keeps the namespace, for setns(2).</summary>
    public string Path => "/run/netns/" + Name;

    /// <summary>Runs `ip -n NAME <paramref name="arguments"/>` and returns its output; a failure fails the test.</summary>
    public string Ip(string arguments) => Run("ip", ["-n", Name, .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>
    /// Sends one UDP datagram from a socket inside the namespace. The kernel may refuse it while a trap holds its
    /// flow; the datagram only has to reach the output policy lookup.
    /// </summary>
    public void SendUdp(IPAddress source, ushort sourcePort, IPAddress destination, ushort destinationPort) =>
        NetworkNamespace.Run(Path, () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(source, sourcePort));
            try
            {
                socket.SendTo(new byte[8], new IPEndPoint(destination, destinationPort));
            }
            catch (SocketException)
            {
                // Held or dropped while the SA is negotiated: the ACQUIRE is what counts.
            }

            return 0;
        });

    /// <summary>Empties the namespace's XFRM state, ours and foreign alike, between tests.</summary>
    public void Reset()
    {
        Ip("xfrm policy flush");
        Ip("xfrm state flush");
    }

    public void Dispose() => Run("ip", "netns", "del", Name);

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"The XFRM tests need '{program}' (Debian package iproute2): {e.Message}", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
            }

            return output.Result;
        }
    }
}
