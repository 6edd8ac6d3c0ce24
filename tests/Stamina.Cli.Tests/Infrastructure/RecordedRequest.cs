namespace Stamina.Cli.Tests.Infrastructure;

/// <summary>What the CLI sent, as the loopback coordinator saw it.</summary>
sealed record RecordedRequest(string Method, string PathAndQuery, string? Authorization, string? ContentType, string Body,
    string? IdempotencyKey = null)
{
    public string Path => PathAndQuery.Split('?')[0];
}
