using System.Text;

namespace Stamina.Worker.Processes;

/// <summary>Feeds the child's stdin, then closes it so the child sees end of input.</summary>
static class StandardInputWriter
{
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Never faults: a child that stops reading is not an error of ours.</summary>
    public static async Task WriteAsync(Stream stdin, string? text, CancellationToken abandon)
    {
        try
        {
            if (text is not null)
                await stdin.WriteAsync(Utf8.GetBytes(text), abandon);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The child closed stdin without reading it all, or died.
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync();
            }
            catch (IOException)
            {
                // Flushing into a closed pipe.
            }
        }
    }
}
