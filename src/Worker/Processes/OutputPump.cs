namespace Stamina.Worker.Processes;

/// <summary>Drains one of the child's output pipes into a bounded tail and, optionally, a line callback.</summary>
sealed class OutputPump
{
    readonly OutputTail tail;
    readonly LineSplitter? lines;

    public OutputPump(Stream stream, int tailBytes, int maxLineBytes, Action<string>? onLine, CancellationToken abandon)
    {
        tail = new OutputTail(tailBytes);
        lines = onLine is null ? null : new LineSplitter(maxLineBytes, onLine);
        Completion = Task.Run(() => PumpAsync(stream, abandon), CancellationToken.None);
    }

    /// <summary>Completes at end of stream or when abandoned; never faults.</summary>
    public Task Completion { get; }

    public long TotalBytes => tail.TotalBytes;

    public Exception? CallbackError => lines?.CallbackError;

    public override string ToString() => tail.ToString();

    async Task PumpAsync(Stream stream, CancellationToken abandon)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, abandon)) > 0)
            {
                tail.Append(buffer.AsSpan(0, read));
                lines?.Append(buffer.AsSpan(0, read));
            }
        }
        catch (OperationCanceledException)
        {
            // Abandoned: something outside the group still holds the pipe open.
        }
        catch (IOException)
        {
            // The pipe broke: what we have is all there is.
        }
        finally
        {
            lines?.Complete();
            await stream.DisposeAsync();
        }
    }
}
