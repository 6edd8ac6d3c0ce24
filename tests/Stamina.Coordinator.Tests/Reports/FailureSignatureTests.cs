using Stamina.Coordinator.Reports;

namespace Stamina.Coordinator.Tests.Reports;

/// <summary>What varies between runs of one fault becomes a placeholder; what tells faults apart stays.</summary>
public sealed class FailureSignatureTests
{
    [TestCase("cannot open /tmp/run-17/cache.db: error 42", "cannot open <path>: error <n>")]
    [TestCase("exit code 137", "exit code <n>")]
    [TestCase("took 2.5s, limit 1,000 ms", "took <n>s, limit <n> ms")]
    [TestCase("item 0b7e2a1c-9f4d-4e1a-8c3b-2d5f6a7b8c9d not found", "item <uuid> not found")]
    [TestCase("item 0B7E2A1C-9F4D-4E1A-8C3B-2D5F6A7B8C9D not found", "item <uuid> not found")]
    [TestCase("at 2026-12-06T01:02:03.123Z the lease ended", "at <time> the lease ended")]
    [TestCase("at 2026-12-06 01:02:03+01:00 the lease ended", "at <time> the lease ended")]
    [TestCase("on 2026-12-06 nothing", "on <time> nothing")]
    [TestCase("resets 11:46pm (UTC)", "resets <time> (UTC)")]
    [TestCase("resets 11:46 PM", "resets <time>")]
    [TestCase("failed at 23:59:58.5", "failed at <time>")]
    [TestCase("fatal: reference is not a tree: 3f786850e387550fdab836ed7e6dc881de23001b", "fatal: reference is not a tree: <hex>")]
    [TestCase("commit abc1234 missing", "commit <hex> missing")]
    [TestCase("segfault at 0x7ffd5e8a", "segfault at <hex>")]
    [TestCase("the deadbeef word and 1234567 number", "the deadbeef word and <n> number")]
    [TestCase("fetch https://example.com/org/repo.git?x=1 failed", "fetch <url> failed")]
    [TestCase("push to ssh://git@host:2222/repo failed", "push to <url> failed")]
    [TestCase("no such file './build/out-3.log'", "no such file '<path>'")]
    [TestCase("see ~/logs/run.txt", "see <path>")]
    [TestCase("see ../a/b", "see <path>")]
    [TestCase("open /tmp failed", "open <path> failed")]
    [TestCase(@"cannot read C:\Users\x\a.txt now", "cannot read <path> now")]
    [TestCase("and/or 3/4 stay words", "and/or <n>/<n> stay words")]
    [TestCase("  spaced\n\tout\r\n  text ", "spaced out text")]
    [TestCase("python: can't open file '/srv/a/b.py': [Errno 2] No such file or directory",
        "python: can't open file '<path>': [Errno <n>] No such file or directory")]
    [TestCase("You've hit your limit · resets 3am", "You've hit your limit · resets <n>am")]
    public void Normalise_Should_replace_what_varies(string message, string expected) =>
        Assert.That(FailureSignature.Normalise(message), Is.EqualTo(expected));

    [Test]
    public void Messages_differing_only_in_numbers_paths_ids_and_times_Should_share_a_signature()
    {
        var a = FailureSignature.Of("exit", "worker w1: cannot open /tmp/a/1.db after 3 tries at 2026-12-06T01:00:00Z (id 6f1c2d3e-aaaa-4bbb-8ccc-123456789abc, sha 1a2b3c4d5e)");
        var b = FailureSignature.Of("exit", "worker w22: cannot open /var/x/yy/99.db after 12 tries at 2026-12-07T23:59:59Z (id 00000000-1111-4222-8333-444455556666, sha ffff0000aa)");
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.EqualTo("exit: worker w<n>: cannot open <path> after <n> tries at <time> (id <uuid>, sha <hex>)"));
    }

    [Test]
    public void Different_classes_or_words_Should_not_share_a_signature()
    {
        Assert.That(FailureSignature.Of("exit", "disk full"), Is.Not.EqualTo(FailureSignature.Of("timeout", "disk full")));
        Assert.That(FailureSignature.Of("exit", "disk full"), Is.Not.EqualTo(FailureSignature.Of("exit", "disk empty")));
    }

    [TestCase(null, null, "unknown")]
    [TestCase("", "  ", "unknown")]
    [TestCase(" exit ", null, "exit")]
    [TestCase("agent_error", "", "agent_error")]
    public void Missing_parts_Should_give_a_plain_signature(string? errorClass, string? message, string expected) =>
        Assert.That(FailureSignature.Of(errorClass, message), Is.EqualTo(expected));

    [Test]
    public void A_long_message_Should_be_cut_and_a_pathological_one_handled_quickly()
    {
        var normalised = FailureSignature.Normalise(new string('x', 10_000));
        Assert.That(normalised, Has.Length.EqualTo(FailureSignature.MaxLength + 1));
        Assert.That(normalised, Does.EndWith("…"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        FailureSignature.Normalise(string.Concat(Enumerable.Repeat("/a1b2c3d4e5-", 5_000)) + string.Concat(Enumerable.Repeat("9.", 5_000)));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }
}
