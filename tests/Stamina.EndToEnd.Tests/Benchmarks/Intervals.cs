namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>Time intervals as (from, to) pairs: union, subtraction, intersection and total length.</summary>
static class Intervals
{
    public static List<(DateTimeOffset From, DateTimeOffset To)> Union(IEnumerable<(DateTimeOffset From, DateTimeOffset To)> spans)
    {
        var merged = new List<(DateTimeOffset From, DateTimeOffset To)>();
        foreach (var span in spans.Where(s => s.To > s.From).OrderBy(s => s.From))
        {
            if (merged.Count > 0 && span.From <= merged[^1].To)
                merged[^1] = (merged[^1].From, span.To > merged[^1].To ? span.To : merged[^1].To);
            else
                merged.Add(span);
        }
        return merged;
    }

    public static List<(DateTimeOffset From, DateTimeOffset To)> Subtract(
        IEnumerable<(DateTimeOffset From, DateTimeOffset To)> spans, IEnumerable<(DateTimeOffset From, DateTimeOffset To)> holes)
    {
        var result = Union(spans);
        foreach (var hole in Union(holes))
        {
            result = [.. result.SelectMany(s => Cut(s, hole))];
        }
        return result;
    }

    public static List<(DateTimeOffset From, DateTimeOffset To)> Intersect(
        IEnumerable<(DateTimeOffset From, DateTimeOffset To)> spans, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> within)
    {
        var result = new List<(DateTimeOffset From, DateTimeOffset To)>();
        foreach (var span in Union(spans))
        {
            foreach (var window in within)
            {
                var from = span.From > window.From ? span.From : window.From;
                var to = span.To < window.To ? span.To : window.To;
                if (to > from)
                    result.Add((from, to));
            }
        }
        return Union(result);
    }

    public static double Seconds(IEnumerable<(DateTimeOffset From, DateTimeOffset To)> spans) => spans.Sum(s => (s.To - s.From).TotalSeconds);

    static IEnumerable<(DateTimeOffset From, DateTimeOffset To)> Cut((DateTimeOffset From, DateTimeOffset To) span, (DateTimeOffset From, DateTimeOffset To) hole)
    {
        if (hole.To <= span.From || hole.From >= span.To)
        {
            yield return span;
            yield break;
        }
        if (hole.From > span.From)
            yield return (span.From, hole.From);
        if (hole.To < span.To)
            yield return (hole.To, span.To);
    }
}
