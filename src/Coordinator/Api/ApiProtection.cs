using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Stamina.Coordinator.Api;

/// <summary>
/// What stands in front of the endpoints: every error answered as <c>application/problem+json</c> (unknown
/// routes, wrong methods, bodies Kestrel refuses, exceptions), a cap on API requests served at once, and a
/// deadline per request. Overload and deadlines answer 503 with <c>Retry-After</c>, never a 500.
/// </summary>
public static class ApiProtection
{
    public static IServiceCollection AddApiProtection(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<ApiSettings>>((options, api) =>
            options.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = api.Value.RequestTimeout,
                TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
                WriteTimeoutResponse = context => ApiErrors.WriteUnavailableAsync(context,
                    $"the request took longer than {api.Value.RequestTimeout.TotalSeconds:0} s (Stamina:RequestTimeout); try again shortly"),
            });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiSettings>>((options, api) =>
        {
            var limits = api.Value;
            // Only the API: probes, metrics and the page must answer while the API is saturated.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetConcurrencyLimiter("api", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = limits.MaxConcurrentRequests,
                        QueueLimit = limits.RequestQueueLimit,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter("open"));
            options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            options.OnRejected = (rejected, _) => new ValueTask(ApiErrors.WriteUnavailableAsync(rejected.HttpContext,
                $"the coordinator is serving {limits.MaxConcurrentRequests} requests with {limits.RequestQueueLimit} waiting "
                + "(Stamina:MaxConcurrentRequests, Stamina:RequestQueueLimit); try again shortly"));
        });
        return services;
    }

    /// <summary>First in the pipeline: the error handlers wrap everything, the key is checked before a request takes a slot.</summary>
    public static WebApplication UseApiProtection(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ApiErrors.HandleExceptionAsync });
        // 404 for an unknown route, 405 for a wrong method, 400 from parameter binding: bodiless answers get a problem body.
        app.UseStatusCodePages(pages => ApiErrors.WriteAsync(pages.HttpContext, pages.HttpContext.Response.StatusCode, null));
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRequestTimeouts();
        app.UseRateLimiter();
        return app;
    }
}
