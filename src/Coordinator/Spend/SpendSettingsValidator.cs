using Microsoft.Extensions.Options;

namespace Stamina.Coordinator.Spend;

/// <summary>Refuses a cap that is not a positive amount and a time zone the machine does not know, naming the setting.</summary>
public sealed class SpendSettingsValidator : IValidateOptions<SpendSettings>
{
    public ValidateOptionsResult Validate(string? name, SpendSettings options)
    {
        var errors = new List<string>();
        Positive(options.DailyUsd, $"{SpendSettings.Section}:DailyUsd");
        Positive(options.PerBatchUsd, $"{SpendSettings.Section}:PerBatchUsd");
        foreach (var (account, spend) in options.Accounts)
        {
            if (spend.DailyUsd is null)
                errors.Add($"{SpendSettings.Section}:Accounts:{account}:DailyUsd is missing; give the account's daily cap in USD, e.g. 20.");
            Positive(spend.DailyUsd, $"{SpendSettings.Section}:Accounts:{account}:DailyUsd");
        }
        if (!SpendDay.TryFindZone(options.TimeZone, out _))
            errors.Add($"{SpendSettings.Section}:TimeZone '{options.TimeZone}' is not a time zone this machine knows; use an IANA id such as Europe/Berlin or UTC.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Positive(decimal? value, string setting)
        {
            if (value is <= 0m)
                errors.Add($"{setting} must be a positive amount in USD (it is {value}); leave it out for no cap.");
        }
    }
}
