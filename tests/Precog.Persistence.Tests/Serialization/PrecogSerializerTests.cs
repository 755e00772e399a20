using System.Reflection;
using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using Precog.Domain;
using Precog.Persistence.Serialization;

namespace Precog.Persistence.Tests.Serialization;

public class PrecogSerializerTests
{
    /// <summary>
    /// Events as version 1 of the serializer wrote them, one JSON line each: {"manifest", "payload"}.
    /// Never rewrite this file: a later version must still read it. A new event shape gets a new manifest
    /// (and its lines go into a new golden file).
    /// </summary>
    private static readonly string GoldenV1 = Path.Combine(AppContext.BaseDirectory, "Golden", "events.v1.jsonl");

    private static IEnumerable<(string Manifest, string Payload)> Golden() =>
        File.ReadLines(GoldenV1).Where(l => l.Length > 0).Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            return (doc.RootElement.GetProperty("manifest").GetString()!, doc.RootElement.GetProperty("payload").GetRawText());
        });

    [Fact]
    public void Events_written_by_version_1_still_read_as_the_same_events()
    {
        var golden = Golden().ToDictionary(g => g.Manifest, g => g.Payload);

        foreach (var sample in SampleEvents.All)
        {
            var manifest = EventCatalog.ManifestOf(sample.GetType());
            Assert.True(golden.TryGetValue(manifest, out var payload), $"no golden line for {manifest}");

            var read = PrecogSerializer.Read(Encoding.UTF8.GetBytes(payload), manifest);

            Assert.IsType(sample.GetType(), read);
            // equal events write equal bytes: compare through the serializer's exact, ordered JSON
            Assert.Equal(Encoding.UTF8.GetString(PrecogSerializer.Write(sample)), Encoding.UTF8.GetString(PrecogSerializer.Write(read)));
            Assert.Equal(payload, Encoding.UTF8.GetString(PrecogSerializer.Write(read)));
        }
    }

    [Fact]
    public void Every_event_of_the_domain_has_a_manifest_a_sample_and_a_golden_line()
    {
        var domainEvents = typeof(IPrecogEvent).Assembly.GetTypes()
            .Where(t => typeof(IPrecogEvent).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToHashSet();
        var golden = Golden().Select(g => g.Manifest).ToHashSet();

        Assert.Equal(domainEvents.OrderBy(t => t.Name), EventCatalog.Types.OrderBy(t => t.Name));
        Assert.Equal(domainEvents.OrderBy(t => t.Name), SampleEvents.All.Select(e => e.GetType()).OrderBy(t => t.Name));
        Assert.Subset(golden, EventCatalog.Manifests.ToHashSet());
    }

    [Fact]
    public void Manifests_are_stable_names_not_clr_types()
    {
        Assert.All(EventCatalog.Manifests, m => Assert.Matches(@"^[a-z]+\.[a-z-]+\.v\d+$", m));
        Assert.All(EventCatalog.Manifests, m => Assert.DoesNotContain("Precog", m));
    }

    [Fact]
    public void Payloads_carry_exact_decimals_and_snake_case_names_without_type_names()
    {
        var fill = SampleEvents.All.Single(e => e is Domain.Positions.FillRecorded);
        var json = Encoding.UTF8.GetString(PrecogSerializer.Write(fill));

        Assert.Contains("\"price\":0.5700", json);
        Assert.Contains("\"fee\":1.72", json);
        Assert.Contains("\"client_order_id\":\"0b8a3f3e-5d6c-4f6e-8f43-2f0b6f3c9d21\"", json);
        Assert.Contains("\"action\":\"buy\"", json);
        Assert.DoesNotContain("$type", json);
        Assert.DoesNotContain("Precog.", json);
    }

    [Fact]
    public void An_unknown_manifest_is_refused_by_name()
    {
        var e = Assert.Throws<SerializationException>(() => PrecogSerializer.Read("{}"u8.ToArray(), "position.teleported.v9"));
        Assert.Contains("'position.teleported.v9'", e.Message);
    }

    [Theory]
    [InlineData("{\"position\":\"not-a-guid\",\"exit_price\":0.5,\"realized_pnl\":1,\"reason\":\"x\",\"at\":\"2025-12-07T18:30:15Z\"}")]
    [InlineData("{\"position\":\"6f1d9a52-3c1e-4c55-9a41-0c3b0b8f2e11\",\"exit_price\":1.5,\"realized_pnl\":1,\"reason\":\"x\",\"at\":\"2025-12-07T18:30:15Z\"}")]
    [InlineData("{\"position\":\"6f1d9a52-3c1e-4c55-9a41-0c3b0b8f2e11\",\"exit_price\":0.5,\"realized_pnl\":1,\"at\":\"2025-12-07T18:30:15Z\"}")]
    [InlineData("{\"position\":\"6f1d9a52-3c1e-4c55-9a41-0c3b0b8f2e11\",\"exit_price\":0.5,\"realized_pnl\":1,\"reason\":null,\"at\":\"2025-12-07T18:30:15Z\"}")]
    [InlineData("not json")]
    public void A_payload_that_does_not_read_is_refused_naming_the_manifest(string payload)
    {
        var e = Assert.Throws<SerializationException>(() => PrecogSerializer.Read(Encoding.UTF8.GetBytes(payload), "position.closed.v1"));
        Assert.Contains("'position.closed.v1'", e.Message);
    }

    [Fact]
    public void A_type_outside_the_catalog_is_refused_before_anything_is_written()
    {
        var e = Assert.Throws<ArgumentException>(() => PrecogSerializer.Write(new { Surprise = true }));
        Assert.Contains("no manifest", e.Message);
    }
}
