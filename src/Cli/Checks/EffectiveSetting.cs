namespace Stamina.Cli.Checks;

/// <summary>A configuration key as it is in effect; <see cref="Value"/> has its secrets masked already.</summary>
sealed record EffectiveSetting(string Key, string? Value, SettingSource Source);
