using System.Text.Json;

namespace Precog.Testing.FakeFeeds;

/// <summary>Reads the recorded fixtures of ../shared/fixtures ({interactions: [{request, response: {status, body}}]}).</summary>
public static class RecordedFixture
{
    /// <summary>The JSON text of the response body of one recorded interaction.</summary>
    public static string ResponseBody(string fixturePath, int interaction = 0)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(fixturePath));
        var body = doc.RootElement.GetProperty("interactions")[interaction].GetProperty("response").GetProperty("body");
        return body.ValueKind == JsonValueKind.String ? body.GetString()! : body.GetRawText();
    }
}
