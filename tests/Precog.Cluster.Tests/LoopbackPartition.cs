using System.Diagnostics;
using System.Globalization;

namespace Precog.Cluster.Tests;

/// <summary>
/// A network partition of one node process from the other nodes of a cluster on loopback, made by the kernel's packet
/// filter (iptables, as root): the node's process goes into a cgroup of its own, and the filter drops every packet
/// to or from its cluster port and every packet of a connection that process opened to the others' cluster ports
/// (marked by connmark, so both directions go). Everything else of that node (PostgreSQL, the venue, its admin API)
/// still works: the dangerous kind of partition, where the cut-off side could still trade. Nothing leaves loopback.
/// <see cref="DisposeAsync"/> heals it and removes the chain and the cgroup.
/// </summary>
public sealed class LoopbackPartition : IAsyncDisposable
{
    private const string Mark = "0x5ec";

    private readonly string _chain = $"PRECOG-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
    private readonly string _cgroup;
    private readonly string _cgroupRoot;
    private bool _cut;

    private LoopbackPartition(string cgroupRoot, string cgroup)
    {
        _cgroupRoot = cgroupRoot;
        _cgroup = cgroup;
    }

    /// <summary>Why a partition cannot be made on this machine (not root, no iptables, no cgroup v2), or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal)) return "the packet filter needs root";
        if (!File.Exists("/usr/sbin/iptables") && !File.Exists("/sbin/iptables")) return "iptables is not installed (scripts/iptables.sh installs it)";
        return CgroupRoot() is null ? "no cgroup v2 hierarchy is mounted" : null;
    }

    /// <summary>Puts the process in a cgroup of its own, ready to be cut off; do it right after the process starts, before it opens sockets.</summary>
    public static LoopbackPartition Enclose(int processId, string name)
    {
        var root = CgroupRoot() ?? throw new InvalidOperationException("no cgroup v2 hierarchy is mounted");
        var relative = $"precog-test-{name}-{Guid.NewGuid().ToString("N")[..8]}";
        Directory.CreateDirectory(Path.Combine(root, relative));
        File.WriteAllText(Path.Combine(root, relative, "cgroup.procs"), processId.ToString(CultureInfo.InvariantCulture));
        return new LoopbackPartition(root, relative);
    }

    /// <summary>Cuts the enclosed process's node (listening on <paramref name="ownPort"/>) off the nodes listening on <paramref name="otherPorts"/>.</summary>
    public async Task CutAsync(int ownPort, IReadOnlyList<int> otherPorts)
    {
        var others = string.Join(",", otherPorts.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        var own = ownPort.ToString(CultureInfo.InvariantCulture);
        await IptablesAsync("-N", _chain);
        _cut = true;
        await IptablesAsync("-A", _chain, "-p", "tcp", "-m", "cgroup", "--path", _cgroup, "-m", "multiport", "--dports", others, "-j", "CONNMARK", "--set-mark", Mark);
        await IptablesAsync("-A", _chain, "-m", "connmark", "--mark", Mark, "-j", "DROP");
        await IptablesAsync("-A", _chain, "-p", "tcp", "--dport", own, "-j", "DROP");
        await IptablesAsync("-A", _chain, "-p", "tcp", "--sport", own, "-j", "DROP");
        await IptablesAsync("-I", "OUTPUT", "-o", "lo", "-j", _chain);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cut)
        {
            await IptablesAsync(true, "-D", "OUTPUT", "-o", "lo", "-j", _chain);
            await IptablesAsync(true, "-F", _chain);
            await IptablesAsync(true, "-X", _chain);
        }
        var dir = Path.Combine(_cgroupRoot, _cgroup);
        try
        {
            // a process still in it goes back to the root group, so the group can go
            foreach (var pid in File.ReadAllLines(Path.Combine(dir, "cgroup.procs")).Where(l => l.Length > 0))
                File.WriteAllText(Path.Combine(_cgroupRoot, "cgroup.procs"), pid);
            Directory.Delete(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the group goes with the machine; nothing of it filters anything once the chain is gone
        }
    }

    /// <summary>Where cgroup v2 is mounted (/sys/fs/cgroup on a pure v2 system, /sys/fs/cgroup/unified on a hybrid one).</summary>
    private static string? CgroupRoot() =>
        File.ReadLines("/proc/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 2 && f[2] == "cgroup2").Select(f => f[1]).FirstOrDefault();

    private static Task IptablesAsync(params string[] args) => IptablesAsync(false, args);

    private static async Task IptablesAsync(bool tolerate, params string[] args)
    {
        var info = new ProcessStartInfo("iptables") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-w");
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("iptables did not start");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !tolerate)
            throw new InvalidOperationException($"iptables {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}): {error.Trim()}");
    }
}
