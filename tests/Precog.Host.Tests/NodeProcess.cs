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

    public static NodeProcess Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Precog.Host.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        var node = new NodeProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
        node._process.OutputDataReceived += (_, e) => node.OnLine(e.Data, node._out);
        node._process.ErrorDataReceived += (_, e) => node.OnLine(e.Data, node._err);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        return node;
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
