namespace Stamina.Cli.Render;

static class JsonOutput
{
    /// <summary>The coordinator's answer, indented: the same document a script would get from the API.</summary>
    public static void Write(CliContext context, string json) => context.Out.WriteLine(Api.CliJson.Pretty(json));
}
