using System.CommandLine;
using System.Globalization;
using Precog.Configuration;
using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Cli;

/// <summary>
/// `precog whatif`: the rules playground. Walks marks through the trailing stop, partial exits and the
/// ten exit conditions, assuming every exit fills at the mark and at most one exit per mark.
/// </summary>
public static class WhatIfCommand
{
    /// <summary>The best-bid size assumed when --bids gives none: ample, so liquidity never fires on size.</summary>
    public const int AmpleSize = 1_000_000;

    public static Command Build(CliConsole console)
    {
        var side = new Option<string>("--side") { Description = "Side held: yes or no", Required = true };
        var entry = new Option<string>("--entry") { Description = "Entry price of the side held, e.g. 0.60", Required = true };
        var qty = new Option<int>("--qty") { Description = "Contracts bought", Required = true };
        var marks = new Option<string>("--marks") { Description = "Comma-separated marks (best bid of the side held), e.g. 0.64,0.66", Required = true };
        var bids = new Option<string?>("--bids") { Description = "Per mark, the book's best bid as PRICE or PRICE@SIZE (default: the mark, ample size)" };
        var asks = new Option<string?>("--asks") { Description = "Per mark, the book's best ask (default: bid + 0.01)" };
        var edge = new Option<string?>("--edge") { Description = "Current edge: one value, or one per mark (default: unknown, edge exits not evaluated)" };
        var rival = new Option<string?>("--rival-edge") { Description = "Best rival candidate's edge: one value, or one per mark (default: none)" };
        var minutes = new Option<string?>("--minutes-to-settlement") { Description = "Minutes to settlement: one value, or one per mark (default: unknown)" };
        var breaker = new Option<string?>("--daily-loss-breaker") { Description = "open or closed, one value or one per mark (default: unknown)" };
        var confidence = new Option<string>("--confidence") { Description = "Confidence tier of the entry: high, medium or low", DefaultValueFactory = _ => "high" };
        var config = new Option<string?>("--config") { Description = "HOCON file overriding precog.trading settings" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table" };

        var command = new Command("whatif", "Walk marks through the trailing stop, partial exits and the ten exit conditions")
        {
            side, entry, qty, marks, bids, asks, edge, rival, minutes, breaker, confidence, config, json,
        };
        command.SetAction(r =>
        {
            var settings = PrecogConfig.LoadTrading(r.GetValue(config));
            var markList = CliLists.Prices("--marks", r.GetValue(marks)!);
            if (markList.Count == 0) throw new CliInputException("--marks: give at least one mark");
            var n = markList.Count;
            var quantity = r.GetValue(qty);
            if (quantity <= 0) throw new CliInputException($"--qty {quantity} must be a positive number of contracts");

            var bidList = CliLists.PerMark("--bids", r.GetValue(bids), n, CliLists.ParseBid);
            var askList = CliLists.PerMark("--asks", r.GetValue(asks), n, s => CliLists.ParsePrice("--asks", s));
            var edges = CliLists.PerMark("--edge", r.GetValue(edge), n, s => CliLists.ParseDecimal("--edge", s, -1m, 1m));
            var rivals = CliLists.PerMark("--rival-edge", r.GetValue(rival), n, s => CliLists.ParseDecimal("--rival-edge", s, -1m, 1m));
            var mins = CliLists.PerMark("--minutes-to-settlement", r.GetValue(minutes), n, s => CliLists.ParseDecimal("--minutes-to-settlement", s, 0m, 1_000_000m));
            var breakers = CliLists.PerMark("--daily-loss-breaker", r.GetValue(breaker), n, CliLists.ParseBreaker);

            var walk = Enumerable.Range(0, n).Select(i =>
            {
                var mark = markList[i];
                var (bid, size) = bidList?[i] ?? (mark, AmpleSize);
                var ask = askList?[i] ?? Price.Clamp(bid.Value + 0.01m);
                if (ask < bid) throw new CliInputException($"--asks: ask {ask} at mark {i + 1} is below the bid {bid}");
                var inputs = new MarketInputs(edges?[i], rivals?[i],
                    mins?[i] is { } m ? TimeSpan.FromMinutes((double)m) : null, breakers?[i]);
                return new WhatIfMark(mark, new BookTop(bid, ask, size), inputs);
            }).ToList();

            var rows = WhatIf.Walk(SideNames.Parse(r.GetValue(side)!), CliLists.ParsePrice("--entry", r.GetValue(entry)!),
                new Quantity(quantity), ConfidenceTierNames.Parse(r.GetValue(confidence)!), walk,
                settings.Exits, settings.TrailingStop, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1));

            if (r.GetValue(json)) WhatIfOutput.WriteJson(console.Out, rows);
            else WhatIfOutput.WriteTable(console, rows);
            return PrecogCli.Ok;
        });
        return command;
    }
}
