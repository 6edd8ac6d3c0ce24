namespace Stamina.Cli.Tests.Infrastructure;

/// <summary>An answer of the loopback coordinator; <paramref name="Bytes"/>, when given, is sent instead of <paramref name="Body"/>.</summary>
sealed record CannedResponse(int Status, string Body, string ContentType = "application/json", byte[]? Bytes = null,
    IReadOnlyDictionary<string, string>? Headers = null);
