using System.Diagnostics.Metrics;

namespace Stamina.Coordinator.Tests.Notifications;

sealed class TestMeterFactory : IMeterFactory
{
    readonly List<Meter> meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        meters.Add(meter);
        return meter;
    }

    public void Dispose() => meters.ForEach(m => m.Dispose());
}
