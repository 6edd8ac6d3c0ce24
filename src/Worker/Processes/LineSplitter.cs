using System.Text;

namespace Stamina.Worker.Processes;

/// <summary>
/// Cuts a byte stream into lines for a callback. Lines are decoded one by one, so invalid UTF-8 only
/// spoils its own line; a line longer than the limit is passed on cut and the rest of it is dropped.
/// </summary>
sealed class LineSplitter(int maxLineBytes, Action<string> onLine)
{
    readonly int limit = Math.Max(1, maxLineBytes);
    byte[] line = new byte[256];
    int length;
    bool overflowed;

    public Exception? CallbackError { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var end = data.IndexOf((byte)'\n');
            Collect(end < 0 ? data : data[..end]);
            if (end < 0)
                return;
            Emit();
            data = data[(end + 1)..];
        }
    }

    /// <summary>Passes on a last line that had no newline.</summary>
    public void Complete()
    {
        if (length > 0 || overflowed)
            Emit();
    }

    void Collect(ReadOnlySpan<byte> part)
    {
        var room = limit - length;
        if (part.Length > room)
        {
            overflowed = true;
            part = part[..room];
        }
        if (length + part.Length > line.Length)
            Array.Resize(ref line, Math.Min(limit, Math.Max(line.Length * 2, length + part.Length)));
        part.CopyTo(line.AsSpan(length));
        length += part.Length;
    }

    void Emit()
    {
        var count = length > 0 && line[length - 1] == (byte)'\r' && !overflowed ? length - 1 : length;
        var text = Encoding.UTF8.GetString(line, 0, count);
        length = 0;
        overflowed = false;
        try
        {
            onLine(text);
        }
        catch (Exception e)
        {
            // A parsing bug must not stop us draining the pipe: the child would block on a full pipe.
            CallbackError ??= e;
        }
    }
}
