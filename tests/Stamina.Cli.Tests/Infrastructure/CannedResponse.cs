namespace Stamina.Cli.Tests.Infrastructure;

sealed record CannedResponse(int Status, string Body, string ContentType = "application/json");
