using Microsoft.Extensions.Options;

namespace Stamina.Coordinator.Spend;

/// <summary>Every priced model needs input and output prices; no price may be negative.</summary>
public sealed class PriceSettingsValidator : IValidateOptions<PriceSettings>
{
    public ValidateOptionsResult Validate(string? name, PriceSettings options)
    {
        var errors = new List<string>();
        foreach (var (model, price) in options.Models)
        {
            var at = $"{PriceSettings.Section}:{model}";
            if (price.InputPerMillionUsd is null || price.OutputPerMillionUsd is null)
                errors.Add($"{at} needs InputPerMillionUsd and OutputPerMillionUsd (USD per million tokens).");
            if (price.InputPerMillionUsd < 0 || price.OutputPerMillionUsd < 0 || price.CachedInputPerMillionUsd < 0)
                errors.Add($"{at}: a price cannot be negative.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
