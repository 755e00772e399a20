using System.CommandLine;
using System.Text.Json;
using Precog.Persistence;
using Precog.Persistence.Schema;

namespace Precog.Cli;

/// <summary>
/// `precog db migrate`: brings a database's schema up to date (the numbered migrations of Precog.Persistence)
/// and seeds the teams, then says what it did. Safe to run again: a second run changes nothing.
/// </summary>
public static class DbMigrateCommand
{
    /// <summary>The embedded default: a SQLite file under ./data, as the node uses.</summary>
    public const string DefaultDatabase = "data/precog.db";

    public static Command Build(CliConsole console)
    {
        var db = DatabaseOption();
        var teams = new Option<string?>("--teams")
        {
            Description = $"Teams CSV ({TeamsSeed.Header}); default: {string.Join('/', TeamsSeed.SharedPath)} beside the repository, when there is one",
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON object instead of text" };

        var command = new Command("migrate", "Apply the pending schema migrations and seed the teams") { db, teams, json };
        command.SetAction(r =>
        {
            var target = ParseTarget(r.GetValue(db)!);
            var teamsFile = r.GetValue(teams);
            if (teamsFile is not null && !File.Exists(teamsFile))
                throw new CliInputException($"--teams: '{teamsFile}' does not exist");
            teamsFile ??= TeamsSeed.DefaultFile(Environment.CurrentDirectory, AppContext.BaseDirectory);

            var report = MigrationRunner.MigrateAsync(target, teamsFile).GetAwaiter().GetResult();

            if (r.GetValue(json)) WriteJson(console.Out, target, report);
            else
            {
                console.Out.WriteLine($"database: {target}");
                console.Out.WriteLine(report.Schema);
                console.Out.WriteLine(report.Teams);
            }
            return PrecogCli.Ok;
        });
        return command;
    }

    /// <summary>--db, shared by the db verbs.</summary>
    internal static Option<string> DatabaseOption() => new("--db")
    {
        Description = "The database: a PostgreSQL connection string (Host=...;Username=...;Password=...;Database=...) or a SQLite file (PATH.db or Data Source=PATH)",
        DefaultValueFactory = _ => DefaultDatabase,
    };

    internal static DatabaseTarget ParseTarget(string text)
    {
        try
        {
            return DatabaseTarget.Parse(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new CliInputException($"--db: {e.Message}");
        }
    }

    private static void WriteJson(TextWriter output, DatabaseTarget target, MigrationReport report)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("database", target.ToString());
            w.WriteString("provider", target.Provider == DatabaseProvider.PostgreSql ? "postgresql" : "sqlite");
            w.WriteStartArray("applied");
            foreach (var m in report.Applied)
            {
                w.WriteStartObject();
                w.WriteNumber("version", m.Version);
                w.WriteString("name", m.Name);
                w.WriteString("checksum", m.Checksum);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("version", report.Version);
            w.WriteStartObject("teams");
            w.WriteString("file", report.TeamsFile);
            w.WriteNumber("seeded", report.TeamsSeeded);
            w.WriteString("note", report.Warning ?? (report.TeamsFile is null ? report.Teams : null));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
