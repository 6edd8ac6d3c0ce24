namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>The check that fails scripts/bench.sh --quick: which ratios keep to their bound, and the line it reads.</summary>
public sealed class RatioBoundTests
{
    [TestCase(1.0, true)]
    [TestCase(2.5, true)]
    [TestCase(2.51, false)]
    [TestCase(double.NaN, false)]
    [TestCase(double.PositiveInfinity, false)]
    public void An_upper_bound_holds_up_to_its_limit(double ratio, bool holds) =>
        Assert.That(RatioBound.AtMost(2.5).Holds(ratio), Is.EqualTo(holds));

    [TestCase(0.9, true)]
    [TestCase(0.7, true)]
    [TestCase(0.69, false)]
    [TestCase(double.NaN, false)]
    public void A_lower_bound_holds_down_to_its_limit(double ratio, bool holds) =>
        Assert.That(RatioBound.AtLeast(0.7).Holds(ratio), Is.EqualTo(holds));

    [Test]
    public void A_record_writes_one_tab_separated_line_with_its_verdict()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new RatioRecord("overhead", 6.5712, RatioBound.AtMost(1.25), RatioBound.AtMost(12)).ToLine(),
                Is.EqualTo("overhead\t6.571\t≤ 1.25×\tno\t≤ 12×\tok"));
            Assert.That(new RatioRecord("scaling N=4", 0.61, RatioBound.AtLeast(0.95), RatioBound.AtLeast(0.7)).ToLine(),
                Is.EqualTo("scaling N=4\t0.610\t≥ 0.95×\tno\t≥ 0.7×\tregressed"));
            Assert.That(new RatioRecord("scaling N=2", 0.97, RatioBound.AtLeast(0.95), RatioBound.AtLeast(0.6)).ToLine(),
                Is.EqualTo("scaling N=2\t0.970\t≥ 0.95×\tyes\t≥ 0.6×\tok"));
            Assert.That(RatioRecord.Header.Split('\t'), Has.Length.EqualTo(6));
        });
    }
}
