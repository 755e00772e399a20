using System.Diagnostics;
using System.Text;

namespace Precog.Host.Tests;

/// <summary>A real `Precog.Host` process started from the test's output folder, with its output captured line by line.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

    private NodeProcess(Process process) => _process = process;

    public string Out { get { lock (_out) return _out.ToString(); } }
    public string Err { get { lock (_err) return _err.ToString(); } }

    public static NodeProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>A node with these environment variables set (beside the test's own), e.g. the Kalshi key's id and file.</summary>
    public static NodeProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = HostDll();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        var node = new NodeProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
        node._process.OutputDataReceived += (_, e) => node.OnLine(e.Data, node._out);
        node._process.ErrorDataReceived += (_, e) => node.OnLine(e.Data, node._err);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        return node;
    }

    /// <summary>
    /// The node as its own project built it (same configuration as this test), not the copy in the test's output: the
    /// tests also load the fake Kalshi, whose ASP.NET Core shared framework displaces assemblies the node ships itself
    /// (Microsoft.Extensions.Hosting.Abstractions), so the node could not start from here.
    /// </summary>
    private static string HostDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // tests/Precog.Host.Tests/bin/CONFIG/TFM
        var (tfm, configuration) = (output.Name, output.Parent!.Name);
        var repository = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repository, "src", "Precog.Host", "bin", configuration, tfm, "Precog.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"the node is not built at {dll}");
    }

    /// <summary>Completes when a line containing <paramref name="text"/> has been written (or already was).</summary>
    public Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_out)
        {
            if (_out.ToString().Contains(text, StringComparison.Ordinal)) return Task.CompletedTask;
            _waits.Add((text, seen));
        }
        return seen.Task.WaitAsync(timeout);
    }

    /// <summary>Asks the node to stop the way an operator's Ctrl+C or a service manager would.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Kills the node at once (SIGKILL): no coordinated shutdown, no leaving, as a machine that dies.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The node's process id (a test may put it in a cgroup of its own, e.g. to cut it off the network).</summary>
    public int Id => _process.Id;

    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    private void OnLine(string? line, StringBuilder into)
    {
        if (line is null) return;
        lock (_out)
        {
            lock (_err) into.AppendLine(line);
            foreach (var w in _waits.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                w.Seen.TrySetResult();
                _waits.Remove(w);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
