using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using Stamina.Testing.Fuzzing;

namespace Stamina.EndToEnd.Tests.Fuzzing;

/// <summary>
/// Broker deliveries as an attacker with broker credentials could publish them: noise, cut or oversized
/// bodies, wrong content types, MassTransit envelopes with missing or wrong fields, unknown message types,
/// a valid envelope around a damaged message, huge headers, and well-formed messages with absurd values.
/// </summary>
sealed class FuzzDeliveries(Random random, string workerName)
{
    public const string CaseHeader = "x-stamina-fuzz-case";
    const string MassTransitJson = "application/vnd.masstransit+json";
    const int Kinds = 10;

    readonly AbsurdMessages absurd = new(random, workerName);
    readonly JsonMutator mutator = new(random);
    int next;

    /// <summary>Every kind once for every target (so any seed covers them all), then <paramref name="more"/> more.</summary>
    public IEnumerable<FuzzDelivery> Plan(IReadOnlyList<FuzzTarget> targets, int more)
    {
        foreach (var target in targets)
        {
            for (var kind = 0; kind < Kinds; kind++)
                yield return Make(target, kind);
        }

        for (var i = 0; i < more; i++)
        {
            // 8 MiB bodies are slow to move around: a quarter as often as the other kinds.
            var kind = random.Next(Kinds);
            if (kind == 2 && random.Next(4) > 0)
                kind = 9;
            yield return Make(random.Pick(targets), kind);
        }
    }

    FuzzDelivery Make(FuzzTarget target, int kind)
    {
        var number = next++;
        var properties = new BasicProperties
        {
            ContentType = MassTransitJson,
            Persistent = true,
            MessageId = Guid.NewGuid().ToString(),
            Headers = new Dictionary<string, object?> { [CaseHeader] = number.ToString(CultureInfo.InvariantCulture) },
        };
        var type = random.Pick(target.Types);
        // A damaged chunk may decode to a storable one; see AbsurdMessages.
        if (kind == 6 && type == "TranscriptChunk")
            kind = 7;
        // Nothing consumes a submission from the broker (items are made only through the API): parked whatever its form.
        var unconsumed = type == "Commands.SubmitWorkItem";
        FuzzDelivery Delivery(byte[] body, string description, bool refused) =>
            new(number, target, body, properties, $"{target.Queue} #{number} {description}", refused || unconsumed);

        switch (kind)
        {
            case 0:
                var noise = new byte[random.Next(0, 512)];
                random.NextBytes(noise);
                return Delivery(noise, $"{noise.Length} random bytes", true);
            case 1:
                var whole = Envelope(Urn(type), absurd.Make(type));
                return Delivery(whole[..random.Next(whole.Length / 2)], $"a {type} envelope cut short", true);
            case 2:
                // 8 MiB: far past any message this system sends, well under the broker's limit.
                var huge = Envelope(Urn(type), new JsonObject { ["workItemId"] = Guid.NewGuid().ToString(), ["pad"] = new string('z', 8 * 1024 * 1024) });
                return Delivery(huge, $"an 8 MiB {type}", false);
            case 3:
                // MassTransit reads a content type it has no deserializer for with its default one (the JSON envelope),
                // so a sound envelope under any label is consumed like any other message.
                properties.ContentType = random.Pick(["text/plain", "application/xml", "application/vnd.masstransit+bson", "application/octet-stream", "x/\0y"]);
                return Delivery(Envelope(Urn(type), absurd.Make(type)), $"a {type} as content type '{properties.ContentType}'", false);
            case 4:
                var mangled = MangledEnvelope(type, out var how, out var certain);
                return Delivery(mangled, $"a {type} envelope {how}", certain);
            case 5:
                var unknown = random.Pick(["urn:message:Stamina.Contracts:NoSuchMessage", "urn:message:System:String", "urn:message:x", "not-a-urn", "urn:message:Stamina.Contracts:WorkerHeartbeat[]"]);
                return Delivery(Envelope(unknown, absurd.Make(type)), $"unknown message type {unknown}", true);
            case 6:
                var garbled = mutator.Mutate(absurd.Make(type));
                return Delivery(Envelope(Urn(type), JsonNode.Parse("{}")!.AsObject(), Encoding.UTF8.GetString(garbled)), $"a {type} envelope around a damaged message", false);
            case 7:
                var damaged = Envelope(Urn(type), absurd.Make(type));
                damaged[random.Next(damaged.Length)] = random.Pick(OddValues.BadUtf8)[0];
                damaged[random.Next(damaged.Length)] = 0;
                return Delivery(damaged, $"a {type} with a NUL and a bad UTF-8 byte", false);
            case 8:
                HugeHeaders(properties);
                return Delivery(Envelope(Urn(type), absurd.Make(type)), $"a {type} with huge headers", false);
            default:
                var message = absurd.Make(type);
                return Delivery(Envelope(Urn(type), message), $"a well-formed {type} with absurd values: {FuzzRun.Shorten(message.ToJsonString())}", false);
        }
    }

    static string Urn(string type) => AbsurdMessages.Urn(type);

    /// <summary>The envelope MassTransit writes; <paramref name="rawMessage"/> replaces the message's JSON with any text.</summary>
    static byte[] Envelope(string messageType, JsonObject message, string? rawMessage = null)
    {
        const string placeholder = "\"RAW-MESSAGE-PLACEHOLDER\"";
        var envelope = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(),
            ["conversationId"] = Guid.NewGuid().ToString(),
            ["sourceAddress"] = "rabbitmq://localhost/fuzz",
            ["destinationAddress"] = "rabbitmq://localhost/fuzz",
            ["messageType"] = new JsonArray(messageType),
            ["message"] = rawMessage is null ? message : "RAW-MESSAGE-PLACEHOLDER",
            ["sentTime"] = DateTimeOffset.UtcNow.ToString("O"),
            ["headers"] = new JsonObject(),
        };
        var text = envelope.ToJsonString();
        return Encoding.UTF8.GetBytes(rawMessage is null ? text : text.Replace(placeholder, rawMessage, StringComparison.Ordinal));
    }

    byte[] MangledEnvelope(string type, out string how, out bool refused)
    {
        // Only an envelope without a type is certain to fit no consumer; the others MassTransit may still read.
        refused = false;
        var envelope = JsonNode.Parse(Envelope(Urn(type), absurd.Make(type)))!.AsObject();
        switch (random.Next(5))
        {
            case 0:
                envelope.Remove("messageType");
                how = "without messageType";
                refused = true;
                break;
            case 1:
                envelope["messageType"] = random.Pick<JsonNode?>([null, JsonValue.Create(42), new JsonArray(), JsonValue.Create(Urn(type)), new JsonObject()]);
                how = $"with messageType {envelope["messageType"]?.ToJsonString() ?? "null"}";
                break;
            case 2:
                envelope["message"] = random.Pick<JsonNode?>([null, JsonValue.Create("text"), new JsonArray(1, 2), JsonValue.Create(1e300)]);
                how = $"whose message is {envelope["message"]?.ToJsonString() ?? "null"}";
                break;
            case 3:
                envelope.Remove("message");
                how = "without message";
                break;
            default:
                envelope["messageId"] = random.Pick(OddValues.Strings);
                envelope["responseAddress"] = random.Pick(["rabbitmq://", "http://example.com/", "rabbitmq://other-host/vhost/q", "\0", random.RandomText(30)]);
                envelope["requestId"] = random.Pick(OddValues.Strings);
                envelope["expirationTime"] = random.Pick(["0001-01-01T00:00:00Z", "not a date", "1e300"]);
                how = "with odd ids, response address and expiration";
                break;
        }
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }

    void HugeHeaders(BasicProperties properties)
    {
        var headers = properties.Headers!;
        // Well inside the broker's 128 KiB frame, which a content header must fit in.
        headers["x-huge"] = new string('h', random.Pick([1_000, 30_000, 90_000]));
        for (var i = 0; i < random.Next(1, 300); i++)
            headers[$"x-h{i}"] = random.Pick(OddValues.Strings);
        headers["MT-Host-MachineName"] = random.RandomText(20);
        headers["Content-Type"] = random.Pick(["text/plain", "application/vnd.masstransit+json", "\0"]);
        headers["MT-Redelivery-Count"] = random.Pick(["-1", "x", "99999999999999999999"]);
        headers["MT-Fault-ExceptionType"] = "System.Exception";
        properties.CorrelationId = random.Pick(OddValues.Strings);
        // Not amq.rabbitmq.reply-to: the broker closes the publishing channel for it (no reply consumer there), so it never reaches a consumer.
        properties.ReplyTo = random.Pick(["rabbitmq://nowhere/x", "nowhere", ""]);
        properties.Type = random.Pick(OddValues.Strings);
    }
}
