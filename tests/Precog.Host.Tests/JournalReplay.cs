using System.Text.Json;
using System.Text.Json.Nodes;
using Precog.Actors.Positions;
using Precog.Domain;
using Precog.Domain.Values;
using Precog.Host.Admin;
using Precog.Persistence;
using Precog.Persistence.Schema;
using Precog.Persistence.Serialization;

namespace Precog.Host.Tests;

/// <summary>
/// Issue 11: each position's state in the live node equals the replay of its journal. The journal's position events,
/// read straight from the database and folded by <see cref="PositionRecord.Apply"/> (recovery's own path), give each
/// position's state; the live actor's is asked through the admin API; both are shown through the same admin view.
/// </summary>
public static class JournalReplay
{
    /// <summary>Every position's state as its journal replays, by position id.</summary>
    public static async Task<Dictionary<PositionId, PositionRecord>> PositionsAsync(DatabaseTarget db)
    {
        var records = new Dictionary<PositionId, PositionRecord>();
        await using var c = await MigrationRunner.OpenAsync(db);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT persistence_id, manifest, message FROM journal WHERE persistence_id LIKE 'position-%' ORDER BY persistence_id, sequence_number";
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var id = new PositionId(Guid.Parse(r.GetString(0)["position-".Length..]));
            var e = (IPrecogEvent)PrecogSerializer.Read((byte[])r.GetValue(2), r.GetString(1));
            records[id] = records.GetValueOrDefault(id, PositionRecord.Empty).Apply(e);
        }
        return records;
    }

    /// <summary>
    /// Asserts that every position the journal holds answers, in the live node whose data folder this is, exactly as its
    /// replay: the admin API's detail of the live actor against the same view of the replayed record, the fields of the
    /// last quote heard aside (a quote is not journaled). Returns how many positions were compared.
    /// </summary>
    public static async Task<int> AssertLiveEqualsReplayAsync(string dataDir, DatabaseTarget db)
    {
        var replayed = await PositionsAsync(db);
        Assert.NotEmpty(replayed);
        using var http = await NodeAdmin.ReadClientAsync(dataDir);
        foreach (var (id, record) in replayed)
        {
            var live = JsonNode.Parse(await http.GetStringAsync($"/api/positions/{id}"))!;
            var expected = JsonSerializer.SerializeToNode(AdminViews.Detail(new PositionSnapshot(id, record, null)), AdminApi.Json)!;
            Assert.Equal(WithoutQuote(expected), WithoutQuote(live));
        }
        return replayed.Count;
    }

    /// <summary>
    /// Whether each of <paramref name="positions"/>, and every market, answers the admin API now (the API asks each
    /// actor), within <paramref name="admin"/>'s timeout: one that cannot recover (its journal unreadable) or is stuck in a
    /// write does not.
    /// </summary>
    public static async Task<bool> AllAnswerAsync(HttpClient admin, IEnumerable<PositionId> positions)
    {
        foreach (var path in positions.Select(id => $"/api/positions/{id}").Append("/api/markets"))
        {
            try
            {
                using var answer = await admin.GetAsync(path);
                if (!answer.IsSuccessStatusCode) return false;
            }
            catch (Exception e) when (e is TaskCanceledException or HttpRequestException)
            {
                return false; // no answer within the patience (the API's own ask times out at 5 s: 504), or none at all
            }
        }
        return true;
    }

    private static string WithoutQuote(JsonNode detail)
    {
        var copy = detail.DeepClone().AsObject();
        copy.Remove("last_quote");
        var position = copy["position"]!.AsObject();
        foreach (var field in new[] { "mark", "unrealized", "pnl" }) position.Remove(field);
        return copy.ToJsonString();
    }
}
