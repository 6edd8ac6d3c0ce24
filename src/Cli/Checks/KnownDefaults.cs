namespace Stamina.Cli.Checks;

/// <summary>
/// The defaults of the settings people most often change, as the coordinator and worker settings classes define them
/// (src/Coordinator/**/*Settings.cs, src/Worker/WorkerSettings.cs), so <c>config check</c> can show what applies
/// when nothing sets a key. Keep in step with those classes.
/// </summary>
static class KnownDefaults
{
    public const string UrlKey = "Stamina:Url";
    public const string ApiKeyKey = "Stamina:ApiKey";
    public const string DefaultUrl = GlobalOptions.DefaultUrl;

    public static readonly IReadOnlyList<(string Key, string Value)> All =
    [
        (UrlKey, DefaultUrl),
        ("Stamina:InsecureNoApiKey", "false"),
        ("Stamina:MaxPromptBytes", "1048576"),
        ("Stamina:MaxCommandArguments", "256"),
        ("Stamina:DefaultTimeout", "00:30:00"),
        ("Stamina:Leases:HeartbeatInterval", "00:00:10"),
        ("Stamina:Leases:LeaseIntervals", "3"),
        ("Stamina:Leases:TakeoverGrace", "00:00:02"),
        ("Stamina:Leases:RetryBaseDelay", "00:00:02"),
        ("Stamina:Leases:RetryMaxDelay", "00:05:00"),
        ("Stamina:Leases:UsageLimitBackoff", "00:30:00"),
        ("Stamina:Leases:MaxLostAttempts", "5"),
        ("Stamina:Dispatch:PollInterval", "00:00:00.200"),
        ("Stamina:Dispatch:Buffer", "2"),
        ("Stamina:Dispatch:RepublishAfter", "00:00:30"),
        ("Stamina:Dispatch:BrokerPatience", "00:01:00"),
        ("Stamina:Dispatch:ReaperInterval", "00:00:02"),
        ("Stamina:Worker:Name", "<machine>-<account or default>"),
        ("Stamina:Worker:Pool", "default"),
        ("Stamina:Worker:WorkDir", "~/.stamina/workers/<name>"),
        ("Stamina:Worker:BranchPrefix", "stamina"),
        ("Stamina:Worker:HeartbeatInterval", "00:00:10"),
        ("Stamina:Worker:DrainTimeout", "00:00:30"),
        ("Stamina:Worker:OutagePatience", "00:05:00"),
        ("Stamina:Worker:StallTimeout", "00:10:00"),
        ("Stamina:Worker:CheckpointInterval", "00:05:00"),
        ("Stamina:Worker:UsageLimitBackoff", "00:30:00"),
    ];
}
