using System.Globalization;
using Stamina.ServiceDefaults.Redaction;
using Stamina.Worker.Execution;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Hooks;

/// <summary>
/// Runs a hook as a supervised child process: its own process group (the whole tree is killed at its timeout, on
/// cancellation, and whatever it leaves behind when it exits), recorded in the <see cref="CommandLedger"/> so a worker
/// killed meanwhile ends it at its next start. What it writes is cut to <see cref="OutputBytes"/> and redacted.
/// </summary>
public sealed class HookRunner(CommandLedger ledger, SecretRedactor redactor, ILogger<HookRunner> logger)
{
    /// <summary>How much of a hook's output (stdout, then stderr) is kept: the end of it, in characters.</summary>
    public const int OutputBytes = 8 * 1024;

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the hook's tree is gone.</exception>
    public async Task<HookRun> RunAsync(string name, HookCommand hook, string workingDirectory, HookInput input, Guid ledgerKey,
        CancellationToken cancellationToken)
    {
        var options = new ChildProcessOptions
        {
            Command = hook.Command,
            WorkingDirectory = workingDirectory,
            StandardInput = input.ToJson(),
            TailBytes = OutputBytes,
            // STAMINA_ITEM_ID marks the group as ours for the ledger's sweep after a crash (CommandLedger.EndOrphans).
            Environment = new Dictionary<string, string?> { ["STAMINA_HOOK"] = input.Hook, ["STAMINA_ITEM_ID"] = ledgerKey.ToString() },
        };
        var groupId = 0;
        ChildProcessResult result;
        try
        {
            result = await ChildProcessRunner.RunAsync(options, hook.Timeout, cancellationToken, started: id => ledger.Record(groupId = id, ledgerKey));
        }
        catch (ExecutableNotFoundException exception)
        {
            logger.LogWarning("The {Hook} hook could not start: {Message}", name, exception.Message);
            return new HookRun(false, $"{name} hook could not start: {exception.Message}", "");
        }
        finally
        {
            if (groupId != 0)
                ledger.Forget(groupId);
        }
        var output = redactor.Redact(Join(result.StandardOutputTail, result.StandardErrorTail)) ?? "";
        if (result.TimedOut)
        {
            logger.LogWarning("The {Hook} hook ({Command}) ran past its timeout of {Timeout} and was killed", name, hook, hook.Timeout);
            return new HookRun(false, $"{name} hook timed out after {hook.Timeout} and was killed", output);
        }
        if (!result.Succeeded)
            return new HookRun(false, $"{name} hook exited {result.ExitCode.ToString(CultureInfo.InvariantCulture)}", output);
        return new HookRun(true, $"{name} hook passed", output);
    }

    static string Join(string standardOutput, string standardError)
    {
        var output = (standardOutput.TrimEnd() + "\n" + standardError.TrimEnd()).Trim();
        return output.Length <= OutputBytes ? output : output[^OutputBytes..];
    }
}
