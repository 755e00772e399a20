using Precog.Actors.Catalog;
using Precog.Domain.Strategies;
using Precog.Domain.Versions;

namespace Precog.Actors.Tests.Catalog;

public sealed class VersionCatalogTests : ActorTestBase
{
    private static readonly StrategyDefinition Value10 = new("nfl_value", "v1.0", "nfl_elo_ingame v1.0", 0.05m);

    [Fact]
    public void A_registered_strategy_is_listed_active_and_an_operator_can_deprecate_it_but_never_bring_it_back()
    {
        var catalog = Sys.ActorOf(VersionCatalog.Props(Clock));
        catalog.Tell(new RegisterVersions([Value10], [("nfl_elo_ingame v1.0", "elo_ingame", "{\"sigma\":13.45}")]), TestActor);
        ExpectMsg<VersionsRegistered>();

        catalog.Tell(new GetVersions(), TestActor);
        var listed = ExpectMsg<VersionList>().Versions;
        Assert.Equal([(VersionKind.Strategy, "nfl_value", "v1.0", VersionStatus.Active), (VersionKind.Model, "nfl_elo_ingame", "v1.0", VersionStatus.Active)],
            listed.Select(v => (v.Kind, v.Name, v.Version, v.Status)).ToList());

        catalog.Tell(new ChangeVersionStatus(VersionKind.Strategy, "nfl_value", "v1.0", VersionStatus.Deprecated), TestActor);
        Assert.Equal(VersionStatus.Deprecated, ExpectMsg<VersionStatusRecorded>().Version.Status);

        catalog.Tell(new ChangeVersionStatus(VersionKind.Strategy, "nfl_value", "v1.0", VersionStatus.Active), TestActor);
        Assert.Contains("cannot go from deprecated to active", ExpectMsg<VersionChangeRefused>().Reason);
        catalog.Tell(new ChangeVersionStatus(VersionKind.Strategy, "nfl_value", "v9.9", VersionStatus.Active), TestActor);
        Assert.Contains("nfl_value v9.9 is not registered", ExpectMsg<VersionChangeRefused>().Reason);
    }

    [Fact]
    public void A_status_change_survives_a_restart_of_the_catalog()
    {
        var catalog = Sys.ActorOf(VersionCatalog.Props(Clock));
        catalog.Tell(new RegisterVersions([Value10], []), TestActor);
        ExpectMsg<VersionsRegistered>();
        catalog.Tell(new ChangeVersionStatus(VersionKind.Strategy, "nfl_value", "v1.0", VersionStatus.Inactive), TestActor);
        ExpectMsg<VersionStatusRecorded>();
        StopAndWait(catalog);

        var again = Sys.ActorOf(VersionCatalog.Props(Clock));
        again.Tell(new GetVersions(), TestActor);

        Assert.Equal(VersionStatus.Inactive, Assert.Single(ExpectMsg<VersionList>().Versions).Status);
    }
}
