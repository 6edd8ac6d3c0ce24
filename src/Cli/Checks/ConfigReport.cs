namespace Stamina.Cli.Checks;

/// <summary>What <c>config check</c> found: the file, the settings in effect and each check's outcome.</summary>
sealed record ConfigReport(string? ConfigFile, IReadOnlyList<EffectiveSetting> Settings, IReadOnlyList<CheckResult> Checks)
{
    public bool Passed => Checks.All(check => check.Status != CheckStatus.Failed);
}
