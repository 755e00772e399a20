namespace Precog.Exchanges.Simulated;

/// <summary>
/// Counts work handed from the simulated venue to its readers until they have passed it on: a market-data event
/// is counted when the venue publishes it and released when the reader asks for the next one. A virtual-time
/// driver waits for this count (with the engine's own) to reach zero before it moves time.
/// </summary>
public interface IInFlightWork
{
    void Begin();

    void End();
}
