using Precog.Persistence.Schema;

namespace Precog.Persistence.Tests.Schema;

public class TeamsSeedTests
{
    [Fact]
    public void The_default_teams_file_is_the_shared_one_beside_the_checkout_of_a_folder_inside_it()
    {
        var outside = Directory.CreateTempSubdirectory("precog-nowhere-").FullName;
        try
        {
            Assert.Equal(SharedData.Path("data", "nfl_teams_initial_elo.csv"), TeamsSeed.DefaultFile(outside, AppContext.BaseDirectory));
            Assert.Null(TeamsSeed.DefaultFile(outside));
        }
        finally
        {
            Directory.Delete(outside);
        }
    }

    [Fact]
    public void A_report_says_why_no_teams_were_seeded()
    {
        Assert.Equal("teams not seeded: no teams file given, and no ../shared/data/nfl_teams_initial_elo.csv beside the repository",
            new MigrationReport([], 3, null, 0, null).Teams);
        Assert.Equal("teams not seeded: 'x.csv' does not exist", new MigrationReport([], 3, "x.csv", 0, "teams not seeded: 'x.csv' does not exist").Teams);
        Assert.Equal("teams: 32 new from x.csv", new MigrationReport([], 3, "x.csv", 32, null).Teams);
        Assert.Equal("schema is up to date at version 3", new MigrationReport([], 3, null, 0, null).Schema);
    }
}
