using System.Diagnostics;
using Stamina.Coordinator.Dispatch;

namespace Stamina.Coordinator.Tests.Dispatch;

/// <summary>The stored traceparent is a hint: anything that is not one reads as "no context", never as an error.</summary>
public sealed class StoredTraceParentTests
{
    const string Valid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Test]
    public void When_valid_Should_be_continued_as_a_remote_parent()
    {
        var context = StoredTraceParent.Parse(Valid);

        Assert.That((context.TraceId.ToHexString(), context.SpanId.ToHexString(), context.IsRemote),
            Is.EqualTo(("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true)));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("garbage")]
    [TestCase("00-0af7651916cd43dd8448eb211c80319c")]
    [TestCase("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [TestCase("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")]
    [TestCase("00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01")]
    [TestCase("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    [TestCase("00-0af7651916cd43dd8448eb211c80319g-b7ad6b7169203331-01")]
    [TestCase("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\u0000\u00e9")]
    public void When_missing_or_malformed_Should_start_a_new_trace(string? stored) =>
        Assert.That(StoredTraceParent.Parse(stored), Is.EqualTo(default(ActivityContext)));

    [Test]
    public void When_huge_Should_start_a_new_trace() =>
        Assert.That(StoredTraceParent.Parse(Valid + new string('-', 100_000)), Is.EqualTo(default(ActivityContext)));

    [Test]
    public void When_captured_Should_be_the_spans_w3c_id_and_nothing_without_one()
    {
        using var span = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var hierarchical = new Activity("old").SetIdFormat(ActivityIdFormat.Hierarchical).Start();

        Assert.That(StoredTraceParent.Capture(span), Is.EqualTo(span.Id).And.Length.EqualTo(55));
        Assert.That(StoredTraceParent.Capture(null), Is.Null);
        Assert.That(StoredTraceParent.Capture(hierarchical), Is.Null, "only the W3C form goes into the column");
    }
}
