using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;
using Stamina.EndToEnd.Tests.Infrastructure.Otlp;
using Stamina.ServiceDefaults.Telemetry;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// OTLP export is on exactly when OTEL_EXPORTER_OTLP_ENDPOINT is set. The receiver listens on OTLP/HTTP's default
/// address (localhost:4318), where an exporter without an endpoint would send; the providers are flushed, so
/// "nothing arrived" is final, not a matter of waiting longer.
/// </summary>
[NonParallelizable]
public sealed class OtlpSwitchTests
{
    const int DefaultOtlpHttpPort = 4318;

    [TestCase(true)]
    [TestCase(false)]
    public async Task When_the_endpoint_is_set_or_not_Should_export_spans_and_logs_or_nothing(bool endpointSet)
    {
        OtlpReceiver receiver;
        try
        {
            receiver = new OtlpReceiver(DefaultOtlpHttpPort);
        }
        catch (HttpListenerException exception)
        {
            Assert.Inconclusive($"port {DefaultOtlpHttpPort} is taken on this machine: {exception.Message}");
            return;
        }
        await using var _ = receiver;
        var builder = WebApplication.CreateBuilder();
        var settings = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" };
        if (endpointSet)
            settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddStaminaTelemetry("stamina-switch-test");
        await using var app = builder.Build();
        var tracing = app.Services.GetRequiredService<TracerProvider>();

        using (StaminaActivities.Source.StartActivity(StaminaActivities.Submit))
            app.Services.GetRequiredService<ILogger<OtlpSwitchTests>>().LogWarning("inside the submit");
        tracing.ForceFlush();
        app.Services.GetService<LoggerProvider>()?.ForceFlush();

        var expected = endpointSet ? 1 : 0;
        Assert.That(receiver.Spans.Count(s => s.Name == StaminaActivities.Submit && s.Service == "stamina-switch-test"), Is.EqualTo(expected));
        Assert.That(receiver.Logs.Count(l => l.Body == "inside the submit"), Is.EqualTo(expected));
        Assert.That(receiver.Refused, Is.Empty);
    }
}
