namespace Stamina.Worker.Reviews;

/// <summary>The verdict's JSON Schema, given to CLIs that constrain their answer with one (Claude's <c>--json-schema</c>).</summary>
public static class VerdictSchema
{
    public const string Json = """
        {"type":"object","properties":{"verdict":{"type":"string","enum":["approve","revise","block"]},"feedback":{"type":"string"},"reason":{"type":"string"}},"required":["verdict"],"additionalProperties":false}
        """;
}
