using System.CommandLine;
using Stamina.Cli.Api;
using Stamina.Cli.Checks;

namespace Stamina.Cli;

/// <summary>
/// The options every command takes: where the coordinator is, the key to send, whether to print raw JSON, and whether the
/// key may cross a network over plain HTTP.
/// </summary>
sealed class GlobalOptions
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
        Description = $"The coordinator's address [default: ${UrlVariable}, else a running stamina local's, else {DefaultUrl}]",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"The API key, sent as 'Authorization: Bearer <key>' [default: ${ApiKeyVariable}; for stamina local's address, its ~/.stamina/api-key]",
        HelpName = "KEY",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the coordinator's JSON answer instead of text, for scripts",
        Recursive = true,
    };

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "The configuration file [default: $STAMINA_CONFIG, else ~/.config/stamina/stamina.yml, else ~/.stamina/stamina.yml; never ./stamina.yml unless named]",
        HelpName = "PATH",
        Recursive = true,
    };

    public Option<bool> Insecure { get; } = new(PlainHttpKeyGuard.InsecureOption)
    {
        Description = "Send the API key over plain http:// to another machine (by default only https:// or this machine's loopback)",
        Recursive = true,
    };

    public bool WantsJson(ParseResult parseResult) => parseResult.GetValue(Json);

    /// <summary>stamina.yml &lt; environment (STAMINA_URL, STAMINA_API_KEY, Stamina__*) &lt; --url and --api-key.</summary>
    public CliConfiguration LoadConfiguration(ParseResult parseResult, CliContext context)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (parseResult.GetValue(Url) is { } url)
            overrides[KnownDefaults.UrlKey] = url;
        if (NonEmpty(parseResult.GetValue(ApiKey)) is { } apiKey)
            overrides[KnownDefaults.ApiKeyKey] = apiKey;
        return CliConfiguration.Load(context, parseResult.GetValue(Config), overrides);
    }

    public CoordinatorClient CreateClient(ParseResult parseResult, CliContext context)
    {
        var configuration = LoadConfiguration(parseResult, context);
        if (configuration.FileError is { } error)
            throw new CliException(ExitCodes.Usage, error.Message, error);
        // No address given: a running stamina local of this user, on whatever port it chose, else its default.
        var text = NonEmpty(configuration[KnownDefaults.UrlKey]) ?? LocalAddressFor(context)?.AbsoluteUri ?? DefaultUrl;
        if (!TryParseUrl(text, out var url))
        {
            var where = configuration.SourceOf(KnownDefaults.UrlKey) == SettingSource.File ? $"Stamina:Url in {configuration.File!.Path}" : UrlVariable;
            throw new CliException(ExitCodes.Usage, $"{where} must be an http:// or https:// address, not '{text}'");
        }
        var apiKey = NonEmpty(configuration[KnownDefaults.ApiKeyKey]) ?? LocalKeyFor(url, context);
        if (PlainHttpKeyGuard.Refusal(url, apiKey, parseResult.GetValue(Insecure)) is { } refusal)
            throw new CliException(ExitCodes.Usage, refusal);
        return new CoordinatorClient(url, apiKey);
    }

    /// <summary>
    /// No key configured and the address is <c>stamina local</c>'s: its default, or the one a running
    /// <c>stamina local</c> wrote to <c>~/.stamina/url</c> (any port). The key that <c>stamina local</c> keeps for this
    /// user in <c>~/.stamina/api-key</c>, if there is one, is never sent to any other address.
    /// </summary>
    internal static string? LocalKeyFor(Uri url, CliContext context)
    {
        var isLocal = SameServer(url, new Uri(DefaultUrl)) || (LocalAddressFor(context) is { } running && SameServer(url, running));
        return isLocal ? Stamina.Local.LocalApiKey.TryRead(LocalDataDir(context)) : null;
    }

    static Uri? LocalAddressFor(CliContext context) => Stamina.Local.LocalAddressFile.TryRead(LocalDataDir(context));

    static string LocalDataDir(CliContext context) => Path.Combine(context.ResolveHomeDirectory(), ".stamina");

    static bool SameServer(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    static bool TryParseUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
