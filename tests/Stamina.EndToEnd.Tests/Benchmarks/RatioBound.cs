using System.Globalization;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>A limit on a ratio measured against a baseline of the same run: at most (a cost) or at least (a share).</summary>
sealed record RatioBound(double Limit, bool IsUpperLimit)
{
    public static RatioBound AtMost(double limit) => new(limit, IsUpperLimit: true);

    public static RatioBound AtLeast(double limit) => new(limit, IsUpperLimit: false);

    /// <summary>Whether <paramref name="ratio"/> keeps to the bound; a ratio that is not a number (a zero baseline) never does.</summary>
    public bool Holds(double ratio) => !double.IsNaN(ratio) && (IsUpperLimit ? ratio <= Limit : ratio >= Limit);

    public override string ToString() => (IsUpperLimit ? "≤ " : "≥ ") + Limit.ToString("0.###", CultureInfo.InvariantCulture) + "×";
}
