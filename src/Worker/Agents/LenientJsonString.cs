using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Stamina.Worker.Agents;

/// <summary>
/// A JSON string value even when it escapes a lone surrogate (<c>"\ud83d"</c>): an agent that cuts text by
/// UTF-16 length writes exactly that, and System.Text.Json refuses to read it, which would lose the whole
/// event (a result line, say). The lone surrogate stays in the string; the coordinator stores it as U+FFFD.
/// </summary>
static class LenientJsonString
{
    public static string Read(JsonElement value)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return Unescape(value.GetRawText());
        }
    }

    static string Unescape(string raw)
    {
        var text = raw.AsSpan(1, raw.Length - 2);
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                builder.Append(text[i]);
                continue;
            }
            var escaped = text[++i];
            switch (escaped)
            {
                case 'u' when i + 4 < text.Length && ushort.TryParse(text.Slice(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var unit):
                    builder.Append((char)unit);
                    i += 4;
                    break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                default: builder.Append(escaped); break;
            }
        }
        return builder.ToString();
    }
}
