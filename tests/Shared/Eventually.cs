namespace Precog.Tests;

/// <summary>Waiting for what a system reaches on its own (a process, a database, a writer), the way AwaitCondition does.</summary>
public static class Eventually
{
    /// <summary>Polls the condition until it holds, failing after a minute.</summary>
    public static async Task Holds(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromMinutes(1));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the condition did not hold within {within ?? TimeSpan.FromMinutes(1)}");
            await Task.Delay(10);
        }
    }

    /// <summary>Polls until the probe returns a value (not null), and returns it; fails after a minute.</summary>
    public static async Task<T> Value<T>(Func<Task<T?>> probe, TimeSpan? within = null) where T : class
    {
        T? value = null;
        await Holds(async () => (value = await probe()) is not null, within);
        return value!;
    }
}
