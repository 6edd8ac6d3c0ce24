namespace Stamina.Cli.Checks;

/// <summary>Where an effective setting came from, lowest precedence first.</summary>
enum SettingSource
{
    Default,
    File,
    Environment,
    CommandLine,
}
