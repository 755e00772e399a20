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

    [Fact]
    public void The_catalog_publishes_the_strategy_statuses_after_recovery_and_every_change_and_answers_a_late_subscriber()
    {
        var mediator = CreateTestProbe();
        var catalog = Sys.ActorOf(VersionCatalog.Props(Clock, mediator));
        Assert.Equal(Topics.StrategyStatusRequests, mediator.ExpectMsg<Akka.Cluster.Tools.PublishSubscribe.Subscribe>().Topic);
        Assert.Empty(Published(mediator).ByLabel); // recovered with nothing registered

        catalog.Tell(new RegisterVersions([Value10], []), TestActor);
        ExpectMsg<VersionsRegistered>();
        Assert.True(Published(mediator).MayEnter("nfl_value v1.0"));

        catalog.Tell(new ChangeVersionStatus(VersionKind.Strategy, "nfl_value", "v1.0", VersionStatus.Deprecated), TestActor);
        ExpectMsg<VersionStatusRecorded>();
        var statuses = Published(mediator);
        Assert.Equal(VersionStatus.Deprecated, statuses.ByLabel["nfl_value v1.0"]);
        Assert.False(statuses.MayEnter("nfl_value v1.0"));
        Assert.True(statuses.MayEnter("nfl_value v2.0")); // not registered (yet): not the catalog's to refuse

        var late = CreateTestProbe();
        catalog.Tell(new ReportStrategyStatuses(late), TestActor);
        Assert.False(late.ExpectMsg<StrategyStatuses>().MayEnter("nfl_value v1.0"));
    }

    private static StrategyStatuses Published(Akka.TestKit.TestProbe mediator)
    {
        var publish = mediator.ExpectMsg<Akka.Cluster.Tools.PublishSubscribe.Publish>();
        Assert.Equal(Topics.StrategyStatuses, publish.Topic);
        return Assert.IsType<StrategyStatuses>(publish.Message);
    }
}
