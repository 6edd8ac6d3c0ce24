using System.ComponentModel;
using System.Globalization;
using Stamina.ServiceDefaults.Validation;

namespace Stamina.ServiceDefaults.Configuration;

/// <summary>
/// Lets every <see cref="TimeSpan"/> setting (stamina.yml, environment, command-line switches) be written in the one
/// duration grammar (<see cref="Durations"/>): <c>10m</c> and <c>1h30m</c> as well as <c>00:10:00</c>. A bare number is
/// refused: TimeSpan reads "30" as thirty days, which nobody writing a timeout means.
/// </summary>
public sealed class DurationConverter : TimeSpanConverter
{
    static int registered;

    /// <summary>Makes this the converter the configuration binder (and validation ranges) use for TimeSpan; once per process.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
            TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(DurationConverter)));
    }

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is not string text)
            return base.ConvertFrom(context, culture, value);
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            throw new FormatException($"'{text}' is not a duration: give the unit ({Durations.Forms})");
        if (Durations.TryRead(text, bareSecondsAllowed: false, out var seconds))
        {
            return seconds < TimeSpan.MaxValue.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : throw new FormatException($"'{text}' is too long for a duration");
        }
        // Negative spans and anything else TimeSpan itself reads; its error names the text.
        return base.ConvertFrom(context, culture, value);
    }
}
