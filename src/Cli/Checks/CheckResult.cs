namespace Stamina.Cli.Checks;

/// <summary>One line of <c>config check</c>: what was checked, how it went, and the detail a person needs to act.</summary>
sealed record CheckResult(string Name, CheckStatus Status, string Detail)
{
    public static CheckResult Ok(string name, string detail) => new(name, CheckStatus.Ok, detail);

    public static CheckResult Failed(string name, string detail) => new(name, CheckStatus.Failed, detail);

    public static CheckResult Warning(string name, string detail) => new(name, CheckStatus.Warning, detail);
}
