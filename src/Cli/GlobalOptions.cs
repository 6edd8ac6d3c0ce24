using System.CommandLine;
using Stamina.Cli.Api;

namespace Stamina.Cli;

/// <summary>The options every command takes: where the coordinator is, the key to send, and whether to print raw JSON.</summary>
internal sealed class GlobalOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string UrlVariable = "STAMINA_URL";
    public const string ApiKeyVariable = "STAMINA_API_KEY";

    public GlobalOptions()
    {
        Url.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>();
            if (text is not null && !TryParseUrl(text, out _))
                result.AddError($"--url must be an http:// or https:// address, not '{text}'");
        });
    }

    // The defaults are resolved at run time, not through DefaultValueFactory: --help would otherwise print the key.
    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"The coordinator's address [default: ${UrlVariable}, else {DefaultUrl}]",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"The API key, sent as 'Authorization: Bearer <key>' [default: ${ApiKeyVariable}]",
        HelpName = "KEY",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the coordinator's JSON answer instead of text, for scripts",
        Recursive = true,
    };

    public bool WantsJson(ParseResult parseResult) => parseResult.GetValue(Json);

    public CoordinatorClient CreateClient(ParseResult parseResult, CliContext context)
    {
        var text = parseResult.GetValue(Url) ?? NonEmpty(context.GetEnvironmentVariable(UrlVariable)) ?? DefaultUrl;
        if (!TryParseUrl(text, out var url))
            throw new CliException(ExitCodes.Usage, $"{UrlVariable} must be an http:// or https:// address, not '{text}'");
        var apiKey = NonEmpty(parseResult.GetValue(ApiKey)) ?? NonEmpty(context.GetEnvironmentVariable(ApiKeyVariable));
        return new CoordinatorClient(url, apiKey);
    }

    static bool TryParseUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
