using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Stamina.ServiceDefaults.Redaction;

namespace Stamina.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces and metrics for MassTransit, ASP.NET Core, the runtime and our own meters and spans
    /// (<see cref="StaminaActivities"/>); Prometheus scraping on /metrics. When OTEL_EXPORTER_OTLP_ENDPOINT is set,
    /// traces, metrics and logs go out over OTLP too (the standard OTEL_* variables tune it); otherwise nothing is exported.
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
                tracing.AddSource("MassTransit").AddSource(StaminaActivities.SourceName).AddAspNetCoreInstrumentation();
                if (otlp)
                    tracing.AddOtlpExporter();
            });
        if (otlp)
        {
            // Redacted first: the exporter sends template values and exceptions, not only the console's line.
            telemetry.WithLogging(
                logging => logging
                    .AddProcessor(provider => new RedactingLogProcessor(provider.GetService<SecretRedactor>() ?? SecretRedactor.Default))
                    .AddOtlpExporter(),
                options => options.IncludeFormattedMessage = true);
        }
        return builder;
    }

    public static WebApplication MapStaminaMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
