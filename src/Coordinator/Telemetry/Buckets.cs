using System.Diagnostics.Metrics;

namespace Stamina.Coordinator.Telemetry;

/// <summary>Histogram buckets in seconds: the exporter's defaults (0–10000, made for milliseconds) fit neither scale.</summary>
static class Buckets
{
    /// <summary>Attempts and queue waits: seconds to hours.</summary>
    public static readonly InstrumentAdvice<double> Attempt = new()
    {
        HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400],
    };

    /// <summary>Round trips: milliseconds to seconds.</summary>
    public static readonly InstrumentAdvice<double> Fast = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    public static Histogram<double> CreateHistogram(this Meter meter, string name, string unit, string description, InstrumentAdvice<double> advice) =>
        meter.CreateHistogram(name, unit, description, tags: null, advice);
}
