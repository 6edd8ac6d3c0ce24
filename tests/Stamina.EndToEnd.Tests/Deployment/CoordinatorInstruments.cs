using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Stamina.Coordinator.Telemetry;

namespace Stamina.EndToEnd.Tests.Deployment;

/// <summary>
/// The Prometheus names of the instruments the coordinator's meter really creates, read from the code (the same classes
/// the coordinator builds), so that a scaler's or a dashboard's query cannot name a metric that no coordinator exports.
/// </summary>
static class CoordinatorInstruments
{
    public static IReadOnlySet<string> PrometheusNames()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        // Listeners hear every meter in the process: only this factory's, and under a lock, as tests running beside
        // this one publish the same meter's instruments from their own threads.
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name != CoordinatorMetrics.MeterName || !ReferenceEquals(instrument.Meter.Scope, meters))
                    return;
                lock (names)
                    names.Add(PrometheusName(instrument));
            },
        };
        listener.Start();
        _ = new FleetGauges(meters);
        _ = new CoordinatorMetrics(meters, TimeProvider.System);
        return names;
    }

    /// <summary>As OpenTelemetry's Prometheus exporter names them: dots to '_', a unit of <c>s</c> adds <c>_seconds</c>, counters <c>_total</c>.</summary>
    static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "s")
            name += "_seconds";
        var type = instrument.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>)))
        {
            name += "_total";
        }

        return name;
    }
}
