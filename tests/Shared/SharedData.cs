using System.Runtime.CompilerServices;

namespace Precog.Tests;

/// <summary>Locates ../shared (data and fixtures beside the checkout) from the test binaries or, when they were built elsewhere (--artifacts-path), from this source file.</summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(Checkout, "..", "shared"));
        return Directory.Exists(shared)
            ? shared
            : throw new DirectoryNotFoundException($"the shared folder is expected beside the checkout at {shared}");
    });

    private static readonly Lazy<string> CheckoutRoot = new(() =>
    {
        var starts = new[] { AppContext.BaseDirectory, System.IO.Path.GetDirectoryName(SourceFile()) ?? "" };
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Precog.sln"))) return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no Precog.sln above {AppContext.BaseDirectory}");
    });

    /// <summary>The checkout's root (the folder of Precog.sln), where scripts/ is.</summary>
    public static string Checkout => CheckoutRoot.Value;

    /// <summary>A file under ../shared, e.g. Path("data", "nfl_games_538.csv").</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
