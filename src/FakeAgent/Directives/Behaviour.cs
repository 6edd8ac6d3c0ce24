namespace Stamina.FakeAgent.Directives;

/// <summary>What a fake run does, chosen by a <c>fake:</c> line in the prompt.</summary>
enum Behaviour
{
    Succeed,
    Fail,
    Hang,
    Stall,
    UsageLimit,
    AuthFailure,
    Garbage,
    Crash,
    OverrunBudget,
}
