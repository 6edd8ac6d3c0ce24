using System.Net;
using System.Text.Json;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>What a refused request must answer: 400 with a problem whose <c>errors</c> name the field with a message.</summary>
static class FieldProblem
{
    public static async Task AssertNamesAsync(HttpResponseMessage response, string field)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out var messages), Is.True, problem.ToString());
        Assert.That(messages[0].GetString(), Is.Not.Empty);
    }
}
