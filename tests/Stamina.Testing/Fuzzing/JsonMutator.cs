using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stamina.Testing.Fuzzing;

/// <summary>
/// Turns a valid JSON object into a likely invalid one: a field's type flipped, a huge or odd string, an
/// unknown or missing field, deep nesting, then sometimes byte damage (cut, bad UTF-8, NUL, random bytes).
/// </summary>
public sealed class JsonMutator(Random random)
{
    const string LoneSurrogate = "LONE-SURROGATE-PLACEHOLDER";

    public byte[] Mutate(JsonObject valid)
    {
        var body = (JsonObject)valid.DeepClone();
        var mutations = 1 + random.Next(3);
        for (var i = 0; i < mutations; i++)
            MutateTree(body);
        // The writer replaces lone surrogates with U+FFFD, so escaped ones go in as text after it.
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString().Replace(LoneSurrogate, "\\ud800x\\udc00", StringComparison.Ordinal));
        return random.Next(4) == 0 ? MutateBytes(bytes) : bytes;
    }

    void MutateTree(JsonObject body)
    {
        var names = body.Select(p => p.Key).ToList();
        var name = names.Count > 0 && random.Next(5) > 0 ? random.Pick(names) : "unknown" + random.Next(100);
        switch (random.Next(8))
        {
            case 0:
                body[name] = RandomValue(depth: 0);
                break;
            case 1:
                body[name] = new string('x', random.Pick([300, 5_000, 70_000, 1_100_000, 17_000_000]));
                break;
            case 2:
                body[name] = random.Next(4) == 0 ? LoneSurrogate : random.Pick(OddValues.Strings);
                break;
            case 3:
                body[name] = JsonNode.Parse(random.Pick(OddValues.Numbers));
                break;
            case 4:
                body.Remove(name);
                break;
            case 5:
                body[name] = new JsonArray(random.Pick(OddValues.Strings), null, random.RandomText(random.Next(1, 40)));
                break;
            case 6:
                body[name] = new JsonObject { [random.Pick(OddValues.Strings)] = random.Pick(OddValues.Strings), ["k"] = RandomValue(0) };
                break;
            default:
                body[random.RandomText(random.Next(1, 10))] = RandomValue(0);
                break;
        }
    }

    JsonNode? RandomValue(int depth) => random.Next(depth > 2 ? 5 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonNode.Parse(random.Pick(OddValues.Numbers)),
        3 => JsonValue.Create(random.Pick(OddValues.Strings)),
        4 => JsonValue.Create(random.RandomText(random.Next(0, 64))),
        5 => new JsonArray(RandomValue(depth + 1), RandomValue(depth + 1)),
        _ => new JsonObject { ["a"] = RandomValue(depth + 1) },
    };

    byte[] MutateBytes(byte[] bytes)
    {
        var list = new List<byte>(bytes);
        switch (random.Next(6))
        {
            case 0:
                return [.. list.Take(random.Next(list.Count + 1))];
            case 1:
                list.InsertRange(random.Next(list.Count + 1), random.Pick(OddValues.BadUtf8));
                return [.. list];
            case 2:
                list.Insert(random.Next(list.Count + 1), 0);
                return [.. list];
            case 3:
                var noise = new byte[random.Next(1, 256)];
                random.NextBytes(noise);
                return noise;
            case 4:
                // Deeper than any parser's default limit.
                var depth = random.Pick([63, 65, 1_000, 100_000]);
                return Encoding.UTF8.GetBytes("{\"repo\":" + new string('[', depth) + new string(']', depth) + "}");
            default:
                for (var i = 0; i < 1 + random.Next(8) && list.Count > 0; i++)
                    list[random.Next(list.Count)] = (byte)random.Next(256);
                return [.. list];
        }
    }
}
