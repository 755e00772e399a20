using System.Globalization;
using Precog.Domain.Models;
using Precog.Domain.Models.Elo;
using Precog.Domain.Models.InGame;

namespace Precog.Backtest.Replay;

/// <summary>A model version a backtest can run: its label (NAME VERSION), its parameters, and the description the catalog records.</summary>
public sealed record BacktestModel(string Name, string Version, EloConfig Elo, InGameConfig InGame)
{
    public string Label => $"{Name} {Version}";

    /// <summary>What the catalog records of it (probability_models.config): its parameters that differ between versions.</summary>
    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"{{\"elo\":\"fivethirtyeight_nfl\",\"home_field_advantage\":{Elo.HomeFieldAdvantage},\"in_game\":\"stern_1994\",\"sigma\":{InGame.Sigma},\"pregame\":\"the game's own 538 ratings\"}}");

    public NflWinModel Create(Func<string, GameRatings?> perGame) => new(new Dictionary<string, double>(), Elo, InGame) { PerGame = perGame };
}

/// <summary>The model versions known by NAME:VERSION; v1.1 differs from v1.0 in one parameter only.</summary>
public static class BacktestModels
{
    /// <summary>FiveThirtyEight's parameters (the node's model): its pregame probability is 538's elo_prob1.</summary>
    public static readonly BacktestModel Default = new("nfl_elo_ingame", "v1.0", EloConfig.Nfl538, InGameConfig.Nfl);

    public static readonly IReadOnlyDictionary<string, BacktestModel> Known = new Dictionary<string, BacktestModel>(StringComparer.Ordinal)
    {
        ["nfl_elo_ingame:v1.0"] = Default,
        // one parameter changed: home-field advantage 25 Elo points instead of 538's 65 (home teams' edge has shrunk in recent seasons)
        ["nfl_elo_ingame:v1.1"] = Default with { Version = "v1.1", Elo = EloConfig.Nfl538 with { HomeFieldAdvantage = 25.0 } },
    };

    /// <summary>A known version by its label (NAME VERSION, as a strategy names the model it prices with), or null.</summary>
    public static BacktestModel? ByLabel(string label) => Known.Values.FirstOrDefault(m => m.Label == label);

    /// <summary>NAME:VERSION of a known version; null with the reason when it is not one.</summary>
    public static BacktestModel? Find(string spec, out string? error)
    {
        error = null;
        if (Known.TryGetValue(spec, out var model)) return model;
        error = spec.Split(':') is { Length: 2 } parts && parts.All(p => p.Length > 0)
            ? $"--model '{spec}' is not a known version ({string.Join(", ", Known.Keys)})"
            : $"--model '{spec}' is not NAME:VERSION (known: {string.Join(", ", Known.Keys)})";
        return null;
    }
}
