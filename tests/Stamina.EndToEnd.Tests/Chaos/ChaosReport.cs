using System.Globalization;
using System.Text;

namespace Stamina.EndToEnd.Tests.Chaos;

/// <summary>What a chaos run did and what its checker found; <see cref="Violations"/> empty means every guarantee held.</summary>
sealed record ChaosReport
{
    public required int Seed { get; init; }
    public required TimeSpan Duration { get; init; }
    public required int Items { get; init; }
    public required int Succeeded { get; init; }
    public required IReadOnlyDictionary<FaultKind, int> Faults { get; init; }
    public required int Attempts { get; init; }
    public required int LostAttempts { get; init; }
    public required IReadOnlyDictionary<string, int> LostHow { get; init; }
    public required int ReleasedAttempts { get; init; }
    public required int FailuresCounted { get; init; }
    public required IReadOnlyDictionary<string, long> StaleReports { get; init; }

    /// <summary>Items whose command ran (ticked) under more than one attempt: re-executions after a fault.</summary>
    public required int ReExecutedItems { get; init; }

    public required TimeSpan LongestOverlap { get; init; }
    public required int LeftoverWorktrees { get; init; }
    public required IReadOnlyList<string> Violations { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"chaos: seed {Seed}, {Duration.TotalMinutes:0.#} min of faults");
        text.AppendLine(CultureInfo.InvariantCulture, $"  items: {Items} submitted, {Succeeded} succeeded, lost (never finished): {Items - Succeeded}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  faults: {string.Join(", ", Faults.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"))} (total {Faults.Values.Sum()})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  attempts: {Attempts}; reclaimed (lost) {LostAttempts}{(LostAttempts == 0 ? "" : $" ({string.Join(", ", LostHow.Select(l => $"{l.Key} {l.Value}"))})")}; released {ReleasedAttempts}; failures counted {FailuresCounted}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  stale reports rejected: {(StaleReports.Count == 0 ? "0" : string.Join(", ", StaleReports.Select(s => $"{s.Key} {s.Value}")))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  items re-executed after a fault: {ReExecutedItems}; longest time two attempts of one item both worked: {LongestOverlap.TotalSeconds:0.0} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"  worktrees left (kept for inspection): {LeftoverWorktrees}");
        text.Append(Violations.Count == 0 ? "  violations: none" : $"  violations ({Violations.Count}):\n    " + string.Join("\n    ", Violations));
        return text.ToString();
    }
}
