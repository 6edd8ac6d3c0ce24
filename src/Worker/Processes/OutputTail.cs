using System.Text;

namespace Stamina.Worker.Processes;

/// <summary>
/// Keeps the last bytes of a stream: a chatty child costs a fixed amount of memory. The buffer grows
/// with the output up to its capacity, so the many short git calls never pay for the full size.
/// </summary>
sealed class OutputTail(int capacity)
{
    readonly int capacity = Math.Max(1, capacity);
    byte[] buffer = new byte[Math.Min(Math.Max(1, capacity), 4096)];
    int count;
    int next; // once full: where the oldest byte is, and the next write goes

    public long TotalBytes { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;
        if (count < capacity)
        {
            var fits = Math.Min(data.Length, capacity - count);
            if (count + fits > buffer.Length)
                Array.Resize(ref buffer, Math.Min(capacity, Math.Max(buffer.Length * 2, count + fits)));
            data[..fits].CopyTo(buffer.AsSpan(count));
            count += fits;
            data = data[fits..];
        }
        if (data.IsEmpty)
            return;
        if (data.Length >= capacity)
        {
            data[^capacity..].CopyTo(buffer);
            next = 0;
            return;
        }
        var first = Math.Min(data.Length, capacity - next);
        data[..first].CopyTo(buffer.AsSpan(next));
        data[first..].CopyTo(buffer);
        next = (next + data.Length) % capacity;
    }

    public override string ToString()
    {
        var bytes = new byte[count];
        buffer.AsSpan(next, count - next).CopyTo(bytes);
        buffer.AsSpan(0, next).CopyTo(bytes.AsSpan(count - next));
        // A cut tail may start inside a multi-byte character: skip its continuation bytes rather than
        // show a replacement character the child never wrote.
        var start = 0;
        while (TotalBytes > count && start < Math.Min(3, count) && (bytes[start] & 0xC0) == 0x80)
            start++;
        // Encoding.UTF8 replaces invalid sequences with U+FFFD instead of throwing.
        return Encoding.UTF8.GetString(bytes, start, count - start);
    }
}
