using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Stamina.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces and metrics for MassTransit, ASP.NET Core, the runtime and our own meters; Prometheus
    /// scraping on /metrics; OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    /// </summary>
    public static IHostApplicationBuilder AddStaminaTelemetry(this IHostApplicationBuilder builder, string serviceName, params string[] meters)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("MassTransit").AddMeter(meters).AddRuntimeInstrumentation().AddAspNetCoreInstrumentation();
                metrics.AddPrometheusExporter();
                if (otlp)
                    metrics.AddOtlpExporter();
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource("MassTransit").AddSource(serviceName).AddAspNetCoreInstrumentation();
                if (otlp)
                    tracing.AddOtlpExporter();
            });
        _ = telemetry;
        return builder;
    }

    public static WebApplication MapStaminaMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
