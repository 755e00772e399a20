using System.Runtime.CompilerServices;

namespace Precog.Tests;

/// <summary>Locates ../shared (data and fixtures beside the checkout) from the test binaries or, when they were built elsewhere (--artifacts-path), from this source file.</summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var starts = new[] { AppContext.BaseDirectory, System.IO.Path.GetDirectoryName(SourceFile()) ?? "" };
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(System.IO.Path.Combine(dir.FullName, "Precog.sln"))) continue;
                var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(shared)
                    ? shared
                    : throw new DirectoryNotFoundException($"the shared folder is expected beside the checkout at {shared}");
            }
        }
        throw new DirectoryNotFoundException($"no Precog.sln above {AppContext.BaseDirectory}");
    });

    /// <summary>A file under ../shared, e.g. Path("data", "nfl_games_538.csv").</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
