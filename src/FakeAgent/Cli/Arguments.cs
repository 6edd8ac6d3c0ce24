using System.Globalization;

namespace Stamina.FakeAgent.Cli;

/// <summary>Flag lookups over a raw argv that tolerate flags the fake does not know.</summary>
sealed class Arguments(IReadOnlyList<string> values)
{
    public IReadOnlyList<string> Values => values;

    public bool Has(params string[] names) => values.Any(value => names.Contains(value));

    /// <summary>The value of the last <c>--name value</c> or <c>--name=value</c> among <paramref name="names"/>.</summary>
    public string? ValueOf(params string[] names)
    {
        string? found = null;
        for (var i = 0; i < values.Count; i++)
        {
            foreach (var name in names)
            {
                if (values[i] == name && i + 1 < values.Count)
                    found = values[i + 1];
                else if (values[i].StartsWith(name + "=", StringComparison.Ordinal))
                    found = values[i][(name.Length + 1)..];
            }
        }
        return found;
    }

    public int? IntegerOf(string name)
    {
        var text = ValueOf(name);
        if (text is null)
            return null;
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new UsageException($"{name} needs a whole number, got '{text}'");
    }

    public decimal? AmountOf(string name)
    {
        var text = ValueOf(name);
        if (text is null)
            return null;
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new UsageException($"{name} needs an amount like 1.50, got '{text}'");
    }

    /// <summary>Whether <paramref name="name"/> is present as a flag with no value after it (claude's <c>-p</c>).</summary>
    public bool HasBareFlag(string name)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == name && (i + 1 == values.Count || values[i + 1].StartsWith('-')))
                return true;
        }
        return false;
    }
}
