using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>
/// A bare repository of many small text files made by <c>git fast-import</c>: the same ids on every run (fixed
/// contents, author and dates), a few seconds for 20,000 files. The first commit adds every file under
/// <c>src/mNNN/</c> (100 to a folder); each later commit changes every hundredth file, at a different offset.
/// </summary>
static class GeneratedRepository
{
    public const int FilesPerFolder = 100;
    const long FirstCommitTime = 1_700_000_000;

    /// <summary>Creates the repository at <paramref name="path"/> (which must not exist yet) with its branch <c>main</c>.</summary>
    /// <returns>The id of <c>main</c>'s tip.</returns>
    public static async Task<string> CreateAsync(string path, int files, int commits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(files);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(commits);
        if (Directory.Exists(path))
            throw new IOException($"{path} exists already.");
        Directory.CreateDirectory(path);
        await GitAsync(path, null, "init", "--quiet", "--bare", "--initial-branch=main");
        await GitAsync(path, Stream(files, commits), "fast-import", "--quiet", "--done");
        return (await GitAsync(path, null, "rev-parse", "main")).Trim();
    }

    public static string FilePath(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"src/m{index / FilesPerFolder:000}/f{index:00000}.txt");

    /// <summary>The fast-import stream: one commit adding every file, then <paramref name="commits"/> − 1 small ones.</summary>
    static byte[] Stream(int files, int commits)
    {
        var stream = new StringBuilder();
        for (var commit = 0; commit < commits; commit++)
        {
            var time = FirstCommitTime + (commit * 3600);
            stream.Append("commit refs/heads/main\n")
                .Append(CultureInfo.InvariantCulture, $"author Bench <bench@localhost> {time} +0000\n")
                .Append(CultureInfo.InvariantCulture, $"committer Bench <bench@localhost> {time} +0000\n");
            Data(stream, commit == 0 ? "generated: every file" : $"generated: change {commit}");
            for (var file = commit == 0 ? 0 : commit % FilesPerFolder; file < files; file += commit == 0 ? 1 : FilesPerFolder)
            {
                stream.Append("M 100644 inline ").Append(FilePath(file)).Append('\n');
                Data(stream, Content(file, commit));
            }
            stream.Append('\n');
        }
        stream.Append("done\n");
        return Encoding.ASCII.GetBytes(stream.ToString());
    }

    /// <summary>About 200 bytes of text that differ per file and per version, so git cannot share them.</summary>
    static string Content(int file, int version)
    {
        var text = new StringBuilder();
        for (var line = 0; line < 6; line++)
            text.Append(CultureInfo.InvariantCulture, $"// file {file} version {version} line {line}: {(file * 7919) + (line * 104729) + version:x8}\n");
        return text.ToString();
    }

    static void Data(StringBuilder stream, string text) =>
        stream.Append(CultureInfo.InvariantCulture, $"data {Encoding.ASCII.GetByteCount(text)}\n").Append(text).Append('\n');

    static async Task<string> GitAsync(string directory, byte[]? input, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (input is not null)
            process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {await error}");
        return await output;
    }
}
