using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Stamina.Coordinator.Api;

/// <summary>Exceptions that escape an endpoint, answered as problems: a client's fault by its status, an outage as 503, the rest 500 with no detail.</summary>
public static class ApiErrors
{
    /// <summary>Seconds a client should wait after a 503; short, since overload and outages usually pass quickly.</summary>
    public const int RetryAfterSeconds = 5;

    public static Task HandleExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        return exception switch
        {
            // Kestrel's refusals while the body is read: too large (413), malformed or cut short (400).
            BadHttpRequestException bad => WriteAsync(context, bad.StatusCode, null),
            // The saga did not answer in time, or the database is down or failing over: try again later.
            MassTransit.RequestTimeoutException or TimeoutException or DbException { IsTransient: true } =>
                WriteUnavailableAsync(context, "the coordinator's database or broker did not answer in time; try again shortly"),
            // Anything else is a bug of ours: logged by the handler, answered with no detail to leak.
            _ => WriteAsync(context, StatusCodes.Status500InternalServerError, null),
        };
    }

    public static Task WriteUnavailableAsync(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteAsync(context, StatusCodes.Status503ServiceUnavailable, detail);
    }

    /// <summary>
    /// Always <c>application/problem+json</c>, whatever the request's <c>Accept</c> says: the problem details
    /// service alone answers nothing (or plain text) to <c>Accept: text/html</c>, and clients parse one shape.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int status, string? detail) =>
        Results.Problem(statusCode: status, title: ReasonPhrases.GetReasonPhrase(status) + ".", detail: detail).ExecuteAsync(context);
}
