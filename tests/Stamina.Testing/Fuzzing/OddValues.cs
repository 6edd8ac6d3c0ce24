namespace Stamina.Testing.Fuzzing;

/// <summary>Values that have broken parsers and databases before: limits, encodings, control characters.</summary>
public static class OddValues
{
    public static readonly string[] Strings =
    [
        "", " ", "\0", "a\0b", "\ud800", "x\udfffy", "\u202e", "\r\n", "\t", "💥", "..", "../../etc/passwd", "-x", "--help",
        "%00", "%s%n", "{{x}}", "$(id)", "`id`", "'; drop table work_items; --", "null", "NaN", "Infinity", "-Infinity",
        "1e300s", "1e300", "1e300h", "NaNs", "Infinitym", "-5m", "0s", "99999999999999999999", "10675199.02:48:05.4775808",
        "-00:00:01", "1.5e9h", "\u0085", "\uffff", "\ufeff", "https://user:secret@example.com/r.git", "ext::sh -c id",
    ];

    public static readonly string[] Numbers =
    [
        "0", "-1", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "1e308", "1e400", "-1e400",
        "1.5", "-0", "0.0000001", "123456789012345678901234567890", "1E+2",
    ];

    /// <summary>Byte sequences that are not UTF-8: lone continuation, overlong NUL, an encoded surrogate, a cut sequence, 0xFF.</summary>
    public static readonly byte[][] BadUtf8 = [[0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xFF], [0xFE, 0xFF]];

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>A string of <paramref name="length"/> random characters from the whole BMP, surrogates included.</summary>
    public static string RandomText(this Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
            chars[i] = random.Next(4) == 0 ? (char)random.Next(0x20, 0x7F) : (char)random.Next(0, 0x10000);
        return new string(chars);
    }
}
