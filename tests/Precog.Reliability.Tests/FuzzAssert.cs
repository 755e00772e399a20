namespace Precog.Reliability.Tests;

/// <summary>The fuzz tests' verdict: no case of a kind, or the first of them listed (deduplicated) with their count.</summary>
internal static class FuzzAssert
{
    public static void None(IReadOnlyCollection<string> cases, string what) =>
        Assert.True(cases.Count == 0, $"{cases.Count} {what}:\n{string.Join('\n', cases.Distinct().Take(25))}");
}
