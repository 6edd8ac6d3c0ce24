using System.Globalization;
using Stamina.FakeAgent.Output;
using Stamina.FakeAgent.Runs;

namespace Stamina.FakeAgent.Dialects;

/// <summary>What every dialect needs to write its events.</summary>
sealed class DialectContext(EventWriter writer, RunSession session, RunTotals totals, TimeProvider time)
{
    readonly long startedAt = time.GetTimestamp();

    public EventWriter Writer => writer;
    public RunSession Session => session;
    public RunTotals Totals => totals;
    public TimeProvider Time => time;

    public long ElapsedMilliseconds => (long)time.GetElapsedTime(startedAt).TotalMilliseconds;

    public string Timestamp => time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static string NewUuid() => Guid.NewGuid().ToString();

    public string WorkLine(int turn) => session.WorkLine(turn);
}
